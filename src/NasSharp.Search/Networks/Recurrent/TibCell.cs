using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// The derived two-input backbone cell (RECURRENT.md 1.2) of a <see cref="TibGenotype"/>: s_0 = h_{t-1}; node k:
/// z_k = [x_t * m_x; h_{t-1} * m_h] U_k^T + b_k and s_k = o_k(s_{k-1}, z_k), or with <c>gates</c> (weights inherited
/// from a search cell) s_k = s_{k-1} + gamma_k * (o_k(s_{k-1}, z_k) - s_{k-1}); h_t = s_N. Masks per sequence.
/// Parameters: <see cref="TibCost.Parameters"/>.
/// </summary>
public sealed class TibCell : RecurrentCell
{
    private readonly ModuleList<TibNode> nodes;
    private readonly Random random;
    private Tensor? xMask;
    private Tensor? hMask;

    public TibCell(TibGenotype genotype, int inputSize, int hiddenSize, Random random, float inputDropout = 0f, float hiddenDropout = 0f, bool gates = false)
        : base(inputSize, hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        Genotype = genotype;
        Gates = gates;
        InputDropout = VariationalMask.Check(nameof(TibCell), nameof(inputDropout), inputDropout);
        HiddenDropout = VariationalMask.Check(nameof(TibCell), nameof(hiddenDropout), hiddenDropout);
        nodes = RegisterModule("nodes", new ModuleList<TibNode>());
        for (var k = 0; k < genotype.Ops.Count; k++)
        {
            nodes.Add(new TibNode(k, inputSize, hiddenSize, 1f, random, gates));
        }
    }

    public TibGenotype Genotype { get; }

    /// <summary>True when each node keeps its gate gamma (a trainable weight).</summary>
    public bool Gates { get; }

    public float InputDropout { get; }

    public float HiddenDropout { get; }

    /// <summary>Node k's module (projection and gate), e.g. to copy inherited weights.</summary>
    public TibNode Node(int k) => nodes[k];

    protected override void BeginSequence(int batch)
    {
        xMask = VariationalMask.Sample(batch, InputSize, InputDropout, random, IsTraining);
        hMask = VariationalMask.Sample(batch, HiddenSize, HiddenDropout, random, IsTraining);
    }

    protected override Tensor Step(Tensor input, Tensor hidden)
    {
        var xh = Ops.Concat([VariationalMask.Apply(input, xMask), VariationalMask.Apply(hidden, hMask)], 1);
        var s = hidden;
        for (var k = 0; k < nodes.Count; k++)
        {
            var m = TibOperations.Apply(Genotype.Ops[k], s, nodes[k].Forward(xh));
            s = Gates ? nodes[k].Gate(s, m) : m;
        }

        return s;
    }

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}, {Genotype}";
}
