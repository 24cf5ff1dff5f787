using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// An edge of the DARTS search cell (MixedOp of model_search.py): all eight operations with non-affine batch norm,
/// the pools followed by a non-affine batch norm as in the DARTS search code. Choice k is <see cref="DartsOperation"/> k;
/// <c>none</c> contributes nothing. Table row = edge index, group = 0 normal / 1 reduction.
/// </summary>
public sealed class DartsMixedOp : Module, IChoiceLayer
{
    private readonly ModuleList<Module> ops;
    private readonly Func<IChoicePolicy> policy;

    internal DartsMixedOp(int position, bool reduction, int channels, int stride, Func<IChoicePolicy> policy, Random random)
    {
        Position = position;
        Group = reduction ? 1 : 0;
        this.policy = policy;
        ops = RegisterModule("_ops", new ModuleList<Module>());
        foreach (var op in DartsOperations.All)
        {
            var module = DartsOperations.Create(op, channels, stride, BatchNormOptions.NonAffine, random);
            ops.Add(op is DartsOperation.MaxPool3x3 or DartsOperation.AvgPool3x3 ? new Sequential(module, new BatchNorm2d(channels, BatchNormOptions.NonAffine)) : module);
        }
    }

    public int Group { get; }

    public int Position { get; }

    public int ChoiceCount => ops.Count;

    public Tensor? Run(int choice, Tensor input) => choice == (int)DartsOperation.None ? null : ops[choice].Forward(input);

    /// <summary>The edge's output under the supernet's policy, or null when nothing contributes.</summary>
    public Tensor? ForwardOrSkip(Tensor input) => policy().Forward(this, input);

    public override Tensor Forward(Tensor input) => ForwardOrSkip(input) ?? throw new InvalidOperationException("DartsMixedOp: the edge contributes nothing; the cell handles that case.");
}
