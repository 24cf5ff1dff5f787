using NasSharp.NN;
using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// The derived DARTS recurrent cell (DARTSCell of quark0/darts rnn/model.py): s_0 = h + sigmoid(c0) * (tanh(g0) - h)
/// with [c0; g0] = [x * m_x; h * m_h] W_0; node i: [c; g] = (s_j * m_h) W_i for its predecessor j,
/// s_i = s_j + sigmoid(c) * (f(g) - s_j); h_t = mean of the concat states. No batch norm. Weights uniform in
/// [-0.04, 0.04] (INITRANGE); masks m_x, m_h sampled once per sequence in training mode (variational dropout).
/// </summary>
public sealed class DartsRnnCell : RecurrentCell
{
    /// <summary>INITRANGE of the DARTS code.</summary>
    public const float InitRange = 0.04f;

    private readonly Tensor w0;
    private readonly ParameterList ws;
    private readonly Random random;
    private Tensor? xMask;
    private Tensor? hMask;

    public DartsRnnCell(DartsRnnGenotype genotype, int inputSize, int hiddenSize, Random random, float inputDropout = 0f, float hiddenDropout = 0f)
        : base(inputSize, hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        Genotype = genotype;
        InputDropout = VariationalMask.Check(nameof(DartsRnnCell), nameof(inputDropout), inputDropout);
        HiddenDropout = VariationalMask.Check(nameof(DartsRnnCell), nameof(hiddenDropout), hiddenDropout);
        w0 = RegisterParameter("_W0", Parameter.Uniform(random, InitRange, inputSize + hiddenSize, 2 * hiddenSize));
        ws = RegisterModule("_Ws", new ParameterList());
        foreach (var _ in genotype.Nodes)
        {
            ws.Add(Parameter.Uniform(random, InitRange, hiddenSize, 2 * hiddenSize));
        }
    }

    public DartsRnnGenotype Genotype { get; }

    /// <summary>dropoutx: the probability of the input mask m_x.</summary>
    public float InputDropout { get; }

    /// <summary>dropouth: the probability of the hidden mask m_h.</summary>
    public float HiddenDropout { get; }

    protected override void BeginSequence(int batch)
    {
        xMask = VariationalMask.Sample(batch, InputSize, InputDropout, random, IsTraining);
        hMask = VariationalMask.Sample(batch, HiddenSize, HiddenDropout, random, IsTraining);
    }

    protected override Tensor Step(Tensor input, Tensor hidden)
    {
        var states = new List<Tensor>(Genotype.Nodes.Count + 1) { InitialState(input, hidden, w0, xMask, hMask) };
        for (var i = 0; i < Genotype.Nodes.Count; i++)
        {
            var (op, j) = (Genotype.Nodes[i].Op, Genotype.Nodes[i].Predecessor);
            var parts = Ops.Split(Ops.MatMul(VariationalMask.Apply(states[j], hMask), ws[i]), 1, 2);
            states.Add(Highway(states[j], Ops.Sigmoid(parts[0]), DartsRnnOperations.Apply(op, parts[1])));
        }

        var concat = Genotype.Concat.Select(k => states[k]).ToList();
        return Ops.Scale(Ops.AddN(concat), 1f / concat.Count);
    }

    /// <summary>s_0 = h + sigmoid(c0) * (tanh(g0) - h), [c0; g0] = [x * m_x; h * m_h] W_0 (_compute_init_state).</summary>
    internal static Tensor InitialState(Tensor input, Tensor hidden, Tensor w0, Tensor? xMask, Tensor? hMask)
    {
        var xh = Ops.Concat([VariationalMask.Apply(input, xMask), VariationalMask.Apply(hidden, hMask)], 1);
        var parts = Ops.Split(Ops.MatMul(xh, w0), 1, 2);
        return Highway(hidden, Ops.Sigmoid(parts[0]), Ops.Tanh(parts[1]));
    }

    /// <summary>s + gate * (candidate - s), the DARTS node's highway update.</summary>
    internal static Tensor Highway(Tensor state, Tensor gate, Tensor candidate) => Ops.Add(state, Ops.Multiply(gate, Ops.Subtract(candidate, state)));

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}, {Genotype}";
}
