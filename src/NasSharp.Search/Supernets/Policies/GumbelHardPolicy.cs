using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// GDAS (Dong &amp; Yang, CVPR 2019, section 3.2): at the start of every forward pass each edge draws one hard
/// Gumbel-softmax sample h = one_hot(argmax((alpha + g) / tau)) with the straight-through gradient of the soft
/// sample (<see cref="Ops.GumbelSoftmax"/> with hard = true). Only the chosen operation runs; its output is
/// multiplied by h_chosen (value exactly 1), which is how the loss gradient reaches alpha. As in NAS-Bench-201's
/// GDAS, <see cref="Alpha"/> [6, 5] and the sample are shared by all cells. Closed operations of a few-shot
/// sub-supernet are never drawn. Deviation from AutoDL's code: it also adds the (zero-valued) hard weights of
/// the unchosen operations to the edge output, which gives their logits an extra gradient term; here only the
/// chosen entry carries the gradient, as the paper's equation 6 states.
/// </summary>
public sealed class GumbelHardPolicy : IEdgePolicy
{
    private readonly Random random;
    private readonly Nb201Operation[] current = new Nb201Operation[Nb201CellWiring.EdgeCount];
    private Tensor? sample;
    private float temperature;

    /// <param name="alpha">Architecture logits [6, 5]; set RequiresGrad to learn them.</param>
    /// <param name="random">Source of the Gumbel noise.</param>
    /// <param name="temperature">Initial tau (GDAS anneals it linearly from 10 to 0.1).</param>
    public GumbelHardPolicy(Tensor alpha, Random random, float temperature = 10f)
    {
        Alpha = EdgeLogits.Check(alpha, nameof(GumbelHardPolicy));
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        Temperature = temperature;
    }

    /// <summary>The architecture logits [edges, operations].</summary>
    public Tensor Alpha { get; }

    /// <summary>The Gumbel-softmax temperature tau (positive, finite).</summary>
    public float Temperature
    {
        get => temperature;
        set => temperature = value > 0 && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "GumbelHardPolicy: the temperature must be positive and finite.");
    }

    /// <summary>The hard sample of the latest forward pass [6, 5] (one-hot rows, straight-through gradient).</summary>
    public Tensor? Sample => sample;

    /// <summary>The architecture sampled for the latest forward pass.</summary>
    public Nb201Genotype CurrentPath => Nb201Genotype.FromOps(current);

    public void BeginForward(SupernetEdgeSpace space)
    {
        sample = Ops.GumbelSoftmax(EdgeLogits.Masked(Alpha, space), Temperature, random, hard: true, axis: 1);
        var values = sample.Data;
        for (var e = 0; e < current.Length; e++)
        {
            current[e] = EdgeLogits.ArgMax(values, e);
        }
    }

    public Tensor? Forward(MixedEdge edge, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var h = sample ?? throw new InvalidOperationException("GumbelHardPolicy: BeginForward was not called.");
        var op = current[edge.Position];
        // none runs as zeros scaled by h_none: its gradient <0, dOut> is 0, as equation 6 gives, and the loss stays
        // connected to alpha even when every sampled edge into the cell output is none.
        var output = edge.Run(op, input) ?? Tensor.Zeros(input.Shape.ToArray());
        return EdgeLogits.Scaled(output, h, edge.Position, op);
    }
}
