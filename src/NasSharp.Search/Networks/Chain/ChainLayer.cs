using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Chain;

/// <summary>A searchable layer of the chain supernet: the four <see cref="ShuffleBlock"/> choices with their own weights; the supernet's policy picks.</summary>
public sealed class ChainLayer : Module, IChoiceLayer
{
    private readonly ModuleList<ShuffleBlock> blocks;
    private readonly Func<IChoicePolicy> policy;

    internal ChainLayer(int position, int inChannels, int outChannels, int stride, Func<IChoicePolicy> policy, Random random)
    {
        Position = position;
        this.policy = policy;
        blocks = RegisterModule("choices", new ModuleList<ShuffleBlock>());
        foreach (var choice in Enum.GetValues<ChainChoice>())
        {
            blocks.Add(new ShuffleBlock(choice, inChannels, outChannels, stride, random));
        }
    }

    public int Group => 0;

    public int Position { get; }

    public int ChoiceCount => blocks.Count;

    public Tensor? Run(int choice, Tensor input) => blocks[choice].Forward(input);

    public override Tensor Forward(Tensor input) => policy().Forward(this, input) ?? throw new InvalidOperationException("ChainLayer: the policy produced no output (every chain choice has one).");
}
