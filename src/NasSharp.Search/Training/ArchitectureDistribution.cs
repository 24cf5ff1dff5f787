using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// A snapshot of the architecture parameters of a NAS-Bench-201 search: alpha [6, 5] and the per-edge
/// distribution softmax(alpha) over the operations its supernet leaves open (closed ones get 0), row-major
/// (edge, op). <see cref="Derive"/> is the discrete genotype DARTS and NAS-Bench-201 report: the strongest
/// operation per edge, <c>none</c> included (NB201's <c>genotype()</c>; the DARTS CNN space excludes it).
/// </summary>
public sealed class ArchitectureDistribution
{
    private readonly float[] alpha;
    private readonly float[] probabilities;

    private ArchitectureDistribution(float[] alpha, float[] probabilities)
    {
        this.alpha = alpha;
        this.probabilities = probabilities;
    }

    /// <summary>Operations per edge.</summary>
    public static int OpCount => Nb201Genotype.OpCount;

    /// <summary>The snapshot of <paramref name="alpha"/> [6, 5] restricted to <paramref name="space"/>.</summary>
    public static ArchitectureDistribution Of(Tensor alpha, SupernetEdgeSpace space)
    {
        EdgeLogits.Check(alpha, nameof(ArchitectureDistribution));
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        return new ArchitectureDistribution(alpha.ToArray(), Ops.Softmax(EdgeLogits.Masked(alpha, space), axis: 1).ToArray());
    }

    /// <summary>alpha, row-major [6, 5].</summary>
    public IReadOnlyList<float> Alpha => alpha;

    /// <summary>softmax(alpha) per edge over the open operations, row-major [6, 5].</summary>
    public IReadOnlyList<float> Probabilities => probabilities;

    /// <summary>The probability of <paramref name="op"/> on <paramref name="edge"/>.</summary>
    public float Probability(int edge, Nb201Operation op) => probabilities[EdgeLogits.Index(edge, op)];

    /// <summary>The strongest operation per edge (first in benchmark order on ties).</summary>
    public Nb201Genotype Derive()
    {
        var ops = new Nb201Operation[Nb201Genotype.EdgeCount];
        for (var e = 0; e < ops.Length; e++)
        {
            ops[e] = EdgeLogits.ArgMax(probabilities, e);
        }

        return Nb201Genotype.FromOps(ops);
    }

    /// <summary>Skip connections in <paramref name="genotype"/> (the DARTS+ collapse signal).</summary>
    public static int SkipConnections(Nb201Genotype genotype) => genotype.ToOps().Count(op => op == Nb201Operation.SkipConnect);

    /// <summary>Parameter-free operations (skip, pooling) in <paramref name="genotype"/>: what DARTS collapses toward.</summary>
    public static int ParameterFree(Nb201Genotype genotype) => genotype.ToOps().Count(op => op is Nb201Operation.SkipConnect or Nb201Operation.AvgPool3x3);
}
