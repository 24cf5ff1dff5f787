using NasSharp.NN.Operations.Nb201;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Policies;

/// <summary>
/// SNAS (Xie et al., ICLR 2019, section 2.2): every forward pass draws a relaxed (concrete) sample
/// z = softmax((alpha + g) / tau) per edge, and each edge outputs sum over open ops of z_op * op(x), so all
/// operations run and the gradient reaches alpha through the reparameterised sample. <see cref="Alpha"/>
/// [6, 5] and the sample are shared by all cells (NAS-Bench-201 repeats one cell). <c>none</c> contributes
/// z * 0, so it is not computed, but it takes part in the sample. The trainer anneals <see cref="Temperature"/>.
/// </summary>
public sealed class GumbelSoftPolicy : IEdgePolicy
{
    private readonly Random random;
    private Tensor? sample;
    private SupernetEdgeSpace? space;
    private float temperature;

    /// <param name="alpha">Architecture logits [6, 5]; set RequiresGrad to learn them.</param>
    /// <param name="random">Source of the Gumbel noise.</param>
    /// <param name="temperature">Initial tau (SNAS starts at 1).</param>
    public GumbelSoftPolicy(Tensor alpha, Random random, float temperature = 1f)
    {
        Alpha = EdgeLogits.Check(alpha, nameof(GumbelSoftPolicy));
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        Temperature = temperature;
    }

    /// <summary>The architecture logits [edges, operations].</summary>
    public Tensor Alpha { get; }

    /// <summary>The concrete-distribution temperature tau (positive, finite).</summary>
    public float Temperature
    {
        get => temperature;
        set => temperature = value > 0 && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "GumbelSoftPolicy: the temperature must be positive and finite.");
    }

    /// <summary>The relaxed sample of the latest forward pass [6, 5].</summary>
    public Tensor? Sample => sample;

    public void BeginForward(SupernetEdgeSpace space)
    {
        this.space = space ?? throw new ArgumentNullException(nameof(space));
        sample = Ops.GumbelSoftmax(EdgeLogits.Masked(Alpha, space), Temperature, random, hard: false, axis: 1);
    }

    public Tensor? Forward(MixedEdge edge, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var z = sample ?? throw new InvalidOperationException("GumbelSoftPolicy: BeginForward was not called.");
        return EdgeLogits.Mix(edge, input, z, space!);
    }
}
