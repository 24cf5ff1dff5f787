using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// The derived two-input backbone cell (RECURRENT.md 1.2) of a <see cref="TibGenotype"/>: s_0 = h_{t-1}; node k:
/// z_k = [x_t * m_x; h_{t-1} * m_h] U_k^T + b_k and s_k = o_k(s_{k-1}, z_k), or with <c>gates</c> (weights inherited
/// from a search cell) s_k = s_{k-1} + gamma_k * (o_k(s_{k-1}, z_k) - s_{k-1}); h_t = s_N, or with <c>bound</c>
/// (--tib-bound, RECURRENT.md 1.2 "Stability") h_t = tanh(s_N), as in the search cell it was found with. Each edge j -&gt; k of the
/// genotype (M4, RECURRENT.md 3.2) adds o_e(s_j, z_k) to s_k, times its gate gamma_e ("edge_gamma.E", 1 at start) with
/// <c>gates</c>: the search cell's s_k = A + gamma_k (m_k - A) + gamma_e m_e, with the gates kept as weights or, plain,
/// folded in as 1 (RECURRENT.md 1.2, "Derived cell"). Masks per sequence. Parameters: <see cref="TibCost.Parameters"/>.
/// </summary>
public sealed class TibCell : RecurrentCell
{
    private readonly ModuleList<TibNode> nodes;
    private readonly ParameterList edgeGammas;
    private readonly Random random;
    private Tensor? xMask;
    private Tensor? hMask;

    public TibCell(TibGenotype genotype, int inputSize, int hiddenSize, Random random, float inputDropout = 0f, float hiddenDropout = 0f, bool gates = false, bool bound = false)
        : base(inputSize, hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        Genotype = genotype;
        Gates = gates;
        Bound = bound;
        InputDropout = VariationalMask.Check(nameof(TibCell), nameof(inputDropout), inputDropout);
        HiddenDropout = VariationalMask.Check(nameof(TibCell), nameof(hiddenDropout), hiddenDropout);
        nodes = RegisterModule("nodes", new ModuleList<TibNode>());
        for (var k = 0; k < genotype.Ops.Count; k++)
        {
            nodes.Add(new TibNode(k, inputSize, hiddenSize, 1f, random, gates));
        }

        edgeGammas = RegisterModule("edge_gamma", new ParameterList());
        for (var e = 0; gates && e < genotype.Edges.Count; e++)
        {
            edgeGammas.Add(Parameter.Filled(1f, 1));
        }
    }

    public TibGenotype Genotype { get; }

    /// <summary>True when each node keeps its gate gamma (a trainable weight).</summary>
    public bool Gates { get; }

    /// <summary>True when h_t = tanh(s_N) (--tib-bound, <see cref="TibSearchCell.Bound"/>).</summary>
    public bool Bound { get; }

    public float InputDropout { get; }

    public float HiddenDropout { get; }

    /// <summary>Node k's module (projection and gate), e.g. to copy inherited weights.</summary>
    public TibNode Node(int k) => nodes[k];

    /// <summary>The gate gamma_e [1] of edge <paramref name="e"/> (in <see cref="TibGenotype.Edges"/> order) of a cell with <see cref="Gates"/>.</summary>
    public Tensor EdgeGate(int e) => Gates ? edgeGammas[e] : throw new InvalidOperationException("TibCell: a cell without gates folds every edge gate into 1.");

    protected override void BeginSequence(int batch)
    {
        xMask = VariationalMask.Sample(batch, InputSize, InputDropout, random, IsTraining);
        hMask = VariationalMask.Sample(batch, HiddenSize, HiddenDropout, random, IsTraining);
    }

    protected override Tensor Step(Tensor input, Tensor hidden)
    {
        var xh = Ops.Concat([VariationalMask.Apply(input, xMask), VariationalMask.Apply(hidden, hMask)], 1);
        var edges = Genotype.Edges;
        var states = new Tensor[nodes.Count + 1];
        states[0] = hidden;
        for (var (k, e) = (0, 0); k < nodes.Count; k++)
        {
            var (a, z) = (states[k], nodes[k].Forward(xh));
            var m = TibOperations.Apply(Genotype.Ops[k], a, z);
            var s = Gates ? nodes[k].Gate(a, m) : m;
            for (; e < edges.Count && edges[e].To == k + 1; e++)
            {
                var edge = TibOperations.Apply(edges[e].Op, states[edges[e].From], z);
                s = Ops.Add(s, Gates ? Ops.Multiply(edgeGammas[e], edge) : edge);
            }

            states[k + 1] = s;
        }

        return Bound ? Ops.Tanh(states[^1]) : states[^1];
    }

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}, {Genotype}{(Bound ? ", bound" : string.Empty)}";
}
