using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations.Nb201;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// A compound edge: all five NAS-Bench-201 candidates with their own weights, shared by every architecture
/// that uses this edge. How they are combined is the supernet's <see cref="IEdgePolicy"/>.
/// </summary>
public sealed class MixedEdge : Module
{
    private readonly Module?[] candidates = new Module?[5];
    private readonly PolicySlot owner;

    internal MixedEdge(PolicySlot owner, int position, int channels, BatchNormOptions batchNorm, Random random)
    {
        this.owner = owner;
        Position = position;
        foreach (var op in Nb201Operations.All)
        {
            if (op != Nb201Operation.None)
            {
                candidates[(int)op] = RegisterModule(Nb201Operations.Name(op), Nb201Operations.Create(op, channels, batchNorm, random));
            }
        }
    }

    /// <summary>The edge's position in the cell (0..5, benchmark order).</summary>
    public int Position { get; }

    /// <summary>The output of one candidate, or null for <c>none</c>.</summary>
    public Tensor? Run(Nb201Operation op, Tensor input) => candidates[(int)op]?.Forward(input);

    /// <summary>The edge's output as its supernet's policy combines the candidates; zeros when it contributes nothing.</summary>
    public override Tensor Forward(Tensor input) => owner.Policy.Forward(this, input) ?? Tensor.Zeros(input.Shape.ToArray());

    internal Tensor? ForwardOrSkip(Tensor input) => owner.Policy.Forward(this, input);
}
