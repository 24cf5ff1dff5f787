using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// DSNAS (Hu et al., CVPR 2020, section 3): every forward pass samples one operation s per edge from
/// p = softmax(log alpha) (hard one-hot Z; a Gumbel-max sample has exactly this law), runs only s, and multiplies
/// its output by Z_s, whose value is 1 but which is a leaf that records dL/dZ_s: the credit of the chosen
/// operation (the inner product of the edge's output gradient with that operation's output). After the task
/// loss's backward pass, <see cref="BackwardArchitecture"/> adds the paper's low-biased Monte-Carlo gradient
/// credit * d log p(Z) / d log alpha = credit * (onehot(s) - p) per edge to <see cref="LogAlpha"/>'s gradient.
/// <see cref="LogAlpha"/> [6, 5] and the sample are shared by all cells, so each edge's credit is the sum over
/// the cells that use it. Closed operations of a few-shot sub-supernet are never drawn.
/// </summary>
public sealed class DsnasPolicy : IEdgePolicy
{
    private readonly Random random;
    private readonly Nb201Operation[] current = new Nb201Operation[Nb201CellWiring.EdgeCount];
    private readonly float[] probabilities = new float[Nb201CellWiring.EdgeCount * Nb201Genotype.OpCount];
    private SupernetEdgeSpace? space;
    private Tensor? z;

    /// <param name="logAlpha">Architecture logits [6, 5] (log alpha up to a constant); set RequiresGrad to learn them.</param>
    /// <param name="random">Source of the samples.</param>
    public DsnasPolicy(Tensor logAlpha, Random random)
    {
        LogAlpha = EdgeLogits.Check(logAlpha, nameof(DsnasPolicy));
        this.random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <summary>The architecture logits [edges, operations].</summary>
    public Tensor LogAlpha { get; }

    /// <summary>The one-hot sample of the latest forward pass [6, 5]: a persistent leaf whose gradient holds the credits.</summary>
    public Tensor? Z => z;

    /// <summary>The architecture sampled for the latest forward pass.</summary>
    public Nb201Genotype CurrentPath => Nb201Genotype.FromOps(current);

    /// <summary>softmax(log alpha) per edge at the latest sample, row-major [6, 5].</summary>
    public ReadOnlySpan<float> Probabilities => probabilities;

    public void BeginForward(SupernetEdgeSpace space)
    {
        this.space = space ?? throw new ArgumentNullException(nameof(space));
        using (new NoGradScope())
        using (var scope = new TensorScope())
        {
            Ops.Softmax(EdgeLogits.Masked(LogAlpha, space), axis: 1).Data.CopyTo(probabilities);
        }

        z = Tensor.Persistent(LogAlpha.Shape);
        for (var e = 0; e < current.Length; e++)
        {
            current[e] = Draw(e);
            z.Data[EdgeLogits.Index(e, current[e])] = 1f;
        }

        z.RequiresGrad = true;
    }

    public Tensor? Forward(MixedEdge edge, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var sample = z ?? throw new InvalidOperationException("DsnasPolicy: BeginForward was not called.");
        var op = current[edge.Position];
        var output = edge.Run(op, input);
        return output == null ? null : EdgeLogits.Scaled(output, sample, edge.Position, op);
    }

    /// <summary>dL/dZ_s per edge after the loss's backward pass (0 for an edge whose sample is <c>none</c>: its output is zeros).</summary>
    public float[] Credits()
    {
        var sample = z ?? throw new InvalidOperationException("DsnasPolicy: no forward pass has run.");
        var credits = new float[current.Length];
        if (sample.Grad is { } grad)
        {
            for (var e = 0; e < credits.Length; e++)
            {
                credits[e] = grad.Data[EdgeLogits.Index(e, current[e])];
            }
        }

        return credits;
    }

    /// <summary>
    /// Accumulates credit_e * (onehot(s_e) - softmax(log alpha_e)) into the gradient of <see cref="LogAlpha"/>, by
    /// back-propagating the surrogate sum over edges of credit_e * log p(s_e) (whose log alpha gradient is exactly that).
    /// Call after the task loss's backward pass, inside the step's <see cref="TensorScope"/>.
    /// </summary>
    public void BackwardArchitecture()
    {
        if (!LogAlpha.RequiresGrad)
        {
            throw new InvalidOperationException("DsnasPolicy: log alpha does not require a gradient.");
        }

        var credits = Credits();
        var weights = new float[LogAlpha.Count];
        for (var e = 0; e < credits.Length; e++)
        {
            weights[EdgeLogits.Index(e, current[e])] = credits[e];
        }

        var logP = Ops.LogSoftmax(EdgeLogits.Masked(LogAlpha, space!), axis: 1);
        Ops.Sum(Ops.Multiply(logP, Tensor.FromArray(weights, LogAlpha.Shape.ToArray()))).Backward();
    }

    private Nb201Operation Draw(int edge)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        var last = Nb201Operation.None;
        foreach (var op in Nb201Operations.All)
        {
            var p = probabilities[EdgeLogits.Index(edge, op)];
            if (p <= 0 || !space!.IsAllowed(edge, op))
            {
                continue;
            }

            last = op;
            cumulative += p;
            if (u < cumulative)
            {
                return op;
            }
        }

        // Rounding left u above the float sum: the last open operation.
        return last;
    }
}
