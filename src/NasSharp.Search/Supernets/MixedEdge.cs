using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// A compound edge: all five NAS-Bench-201 candidates with their own weights, shared by every architecture that uses
/// this edge; row <see cref="Position"/> of the supernet's one architecture table (choice = <see cref="Nb201Operation"/>).
/// How the candidates combine is the supernet's <see cref="IChoicePolicy"/>.
/// </summary>
public sealed class MixedEdge : Module, IChoiceLayer
{
    private readonly Module?[] candidates = new Module?[5];
    private readonly Func<IChoicePolicy> policy;

    internal MixedEdge(Func<IChoicePolicy> policy, int position, int channels, BatchNormOptions batchNorm, Random random)
    {
        this.policy = policy;
        Position = position;
        foreach (var op in Nb201Operations.All)
        {
            if (op != Nb201Operation.None)
            {
                candidates[(int)op] = RegisterModule(Nb201Operations.Name(op), Nb201Operations.Create(op, channels, batchNorm, random));
            }
        }
    }

    public int Group => 0;

    /// <summary>The edge's position in the cell (0..5, benchmark order).</summary>
    public int Position { get; }

    public int ChoiceCount => candidates.Length;

    /// <summary>The output of one candidate, or null for <c>none</c>.</summary>
    public Tensor? Run(Nb201Operation op, Tensor input) => candidates[(int)op]?.Forward(input);

    public Tensor? Run(int choice, Tensor input) => candidates[choice]?.Forward(input);

    /// <summary>The edge's output as its supernet's policy combines the candidates; zeros when it contributes nothing.</summary>
    public override Tensor Forward(Tensor input) => policy().Forward(this, input) ?? Tensor.Zeros(input.Shape.ToArray());

    internal Tensor? ForwardOrSkip(Tensor input) => policy().Forward(this, input);
}
