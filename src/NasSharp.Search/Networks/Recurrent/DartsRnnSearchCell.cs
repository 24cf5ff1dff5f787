using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// The dense DARTS recurrent search cell (DARTSCellSearch of quark0/darts rnn/model_search.py): s_0 as in
/// <see cref="DartsRnnCell"/>; node i reads every earlier state through one mixed <see cref="DartsRnnEdge"/> each
/// (1 + 2 + ... + 8 = 36 edges for 8 nodes), all sharing the node's W_i, and sums them; s_0 and every node state pass
/// through one shared batch norm without affine parameters; h_t = mean(s_1..s_N). Architecture tables: one per node,
/// node i's [i predecessors, 5]. With <c>weightedOutput</c>, h_t = sum_k omega_k s_k with trainable omega_k (initially
/// 1/N), which <see cref="AppendNode"/> (RECURRENT.md 3.2, M3) needs to add a node with omega = 0 exactly.
/// </summary>
public sealed class DartsRnnSearchCell : RecurrentSearchCell
{
    private readonly Tensor w0;
    private readonly ParameterList ws;
    private readonly ParameterList omega;
    private readonly List<DartsRnnEdge[]> edges = [];
    private readonly BatchNorm2d? bn;
    private readonly Random random;
    private Tensor? xMask;
    private Tensor? hMask;

    /// <param name="inputSize">Features of x_t (the embedding size in a language model).</param>
    /// <param name="hiddenSize">H, the state size.</param>
    /// <param name="nodes">Nodes at the start (DARTS: 8).</param>
    /// <param name="capacity">Most nodes ever (tables are made for all of them); at least <paramref name="nodes"/>.</param>
    /// <param name="random">Source of the initial weights and of the dropout masks.</param>
    /// <param name="inputDropout">dropoutx, the probability of the input mask (DARTS search: 0.75).</param>
    /// <param name="hiddenDropout">dropouth, the probability of the hidden mask (DARTS search: 0.25).</param>
    /// <param name="batchNorm">The search code's BatchNorm1d(affine=False) on s_0 and every node (default on).</param>
    /// <param name="weightedOutput">Trainable output weights instead of the mean (needed for growth).</param>
    public DartsRnnSearchCell(int inputSize, int hiddenSize, int nodes, int capacity, Random random, float inputDropout = 0f, float hiddenDropout = 0f, bool batchNorm = true, bool weightedOutput = false)
        : base(inputSize, hiddenSize, capacity)
    {
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        if (nodes <= 0 || nodes > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(nodes), nodes, $"DartsRnnSearchCell: nodes must lie in 1..capacity ({capacity}).");
        }

        InputDropout = VariationalMask.Check(nameof(DartsRnnSearchCell), nameof(inputDropout), inputDropout);
        HiddenDropout = VariationalMask.Check(nameof(DartsRnnSearchCell), nameof(hiddenDropout), hiddenDropout);
        WeightedOutput = weightedOutput;
        w0 = RegisterParameter("_W0", Parameter.Uniform(random, DartsRnnCell.InitRange, inputSize + hiddenSize, 2 * hiddenSize));
        ws = RegisterModule("_Ws", new ParameterList());
        omega = RegisterModule("omega", new ParameterList());
        bn = batchNorm ? RegisterModule("bn", new BatchNorm2d(hiddenSize, BatchNormOptions.NonAffine)) : null;
        for (var i = 0; i < nodes; i++)
        {
            AddNodeWeights(1f / nodes);
        }
    }

    public float InputDropout { get; }

    public float HiddenDropout { get; }

    public bool WeightedOutput { get; }

    /// <summary>Nodes currently in the cell.</summary>
    public int NodeCount => edges.Count;

    /// <summary>The mixed edges into node i + 1 (entry i), one per predecessor.</summary>
    public IReadOnlyList<IReadOnlyList<DartsRnnEdge>> Edges => edges;

    /// <summary>The output weight of node k + 1 (entry k), when <see cref="WeightedOutput"/>.</summary>
    public Tensor OutputWeight(int k) => WeightedOutput ? omega[k] : throw new InvalidOperationException("DartsRnnSearchCell: the output is the plain mean (weightedOutput: false).");

    public override IReadOnlyList<(int Rows, int Choices)> Shapes => Enumerable.Range(0, Capacity).Select(g => (g + 1, DartsRnnOperations.Count)).ToArray();

    public override IReadOnlyList<int> ActiveGroups => Enumerable.Range(0, NodeCount).ToArray();

    /// <summary>
    /// M3 append-dag (RECURRENT.md 3.2): adds node N + 1 with mixed edges from s_0..s_N, W uniform in [-0.04, 0.04] and
    /// output weight 0, so the cell's function is unchanged (exactly: the new term adds 0 * s_{N+1}). Returns the new
    /// weight parameters for the optimizer; the node's architecture table is group N, untouched so far.
    /// </summary>
    public IReadOnlyList<Tensor> AppendNode()
    {
        if (!WeightedOutput)
        {
            throw new InvalidOperationException("DartsRnnSearchCell: growing needs weightedOutput: true (the mean over N nodes cannot take a node exactly).");
        }

        if (NodeCount == Capacity)
        {
            throw new InvalidOperationException($"DartsRnnSearchCell: the cell is at its capacity of {Capacity} nodes.");
        }

        return AddNodeWeights(0f);
    }

    public override IReadOnlyList<Tensor> Grow() => AppendNode();

    public override float Gate(int group) => WeightedOutput ? omega[group].Item() : 1f / NodeCount;

    /// <summary>
    /// The output weights omega_1..omega_N (empty without <see cref="WeightedOutput"/>). Each is one scalar that scales a
    /// node's whole state in h_t, so the weight SGD at the language-modelling rate (DARTS RNN: lr 20, clip 0.25) moves
    /// it by up to lr * clip = 5 per step, against its scale of 1/N: measured on the built-in tokens at lr 20, omega of a
    /// 2-node cell went 0.47 -> -0.89 -> -0.22 -> 2.74 in consecutive steps and the run diverged (README, Part L). An
    /// Adam step is bounded by its learning rate whatever the gradient's size, so omega takes the gains' Adam
    /// (<see cref="Training.DifferentiableTrainer.GainOptimizer"/>) on the weight batches.
    /// </summary>
    public override IReadOnlyList<Tensor> Gains => WeightedOutput ? Enumerable.Range(0, omega.Count).Select(k => omega[k]).ToArray() : [];

    public override int? SkipChoice => null;

    /// <summary>Nodes of the dense cell feed every later node, so none is removed; the derivation drops weak nodes instead.</summary>
    public override bool TryRemove(int group) => false;

    protected override void BeginSequence(int batch)
    {
        BeginPolicyPass();
        xMask = VariationalMask.Sample(batch, InputSize, InputDropout, random, IsTraining);
        hMask = VariationalMask.Sample(batch, HiddenSize, HiddenDropout, random, IsTraining);
    }

    protected override Tensor Step(Tensor input, Tensor hidden)
    {
        var policy = Policy;
        var s0 = Normalize(DartsRnnCell.InitialState(input, hidden, w0, xMask, hMask));
        var states = new List<Tensor>(NodeCount + 1) { s0 };
        var masked = new List<Tensor>(NodeCount + 1) { VariationalMask.Apply(s0, hMask) };
        for (var i = 0; i < NodeCount; i++)
        {
            var contributions = new List<Tensor>(i + 1);
            for (var j = 0; j <= i; j++)
            {
                edges[i][j].Begin(masked[j]);
                if (policy.Forward(edges[i][j], states[j]) is { } e)
                {
                    contributions.Add(e);
                }
            }

            var s = Normalize(contributions.Count > 0 ? Ops.AddN(contributions) : Tensor.Zeros(s0.Shape[0], HiddenSize));
            states.Add(s);
            masked.Add(VariationalMask.Apply(s, hMask));
        }

        var nodes = states.GetRange(1, NodeCount);
        return WeightedOutput
            ? Ops.AddN(nodes.Select((s, k) => Ops.Multiply(omega[k], s)).ToList())
            : Ops.Scale(Ops.AddN(nodes), 1f / NodeCount);
    }

    public override IReadOnlyList<int[]> DerivePath(float[][] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var genotype = DartsRnnDerivation.Derive(probabilities.Take(NodeCount).ToArray());
        var path = Shapes.Select(s => new int[s.Rows]).ToArray();
        for (var i = 0; i < genotype.Nodes.Count; i++)
        {
            path[i][genotype.Nodes[i].Predecessor] = (int)genotype.Nodes[i].Op;
        }

        return path;
    }

    public override string Describe(IReadOnlyList<int[]> path) => GenotypeOf(path).ToString();

    /// <summary>The genotype of a path that keeps exactly one non-none edge per active node.</summary>
    public DartsRnnGenotype GenotypeOf(IReadOnlyList<int[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var nodes = new DartsRnnNode[NodeCount];
        for (var i = 0; i < NodeCount; i++)
        {
            var kept = Enumerable.Range(0, i + 1).Where(j => path[i][j] != 0).ToArray();
            nodes[i] = kept.Length == 1
                ? new DartsRnnNode((DartsRnnOperation)path[i][kept[0]], kept[0])
                : throw new ArgumentException($"DartsRnnSearchCell: node {i + 1} keeps {kept.Length} edges; a derived cell keeps one.", nameof(path));
        }

        return new DartsRnnGenotype(nodes);
    }

    /// <summary>Every operation but <c>none</c>: the derivation (quark0/darts genotype()._parse) takes each node's best non-none edge op.</summary>
    public override bool IsDerivable(int group, int choice) => choice != (int)DartsRnnOperation.None;

    public override string RowName(int group, int row) => $"node {group + 1} <- {row}";

    public override string ChoiceName(int group, int choice) => DartsRnnOperations.Name((DartsRnnOperation)choice);

    public override double ChoiceFlops(int group, int row, int choice) =>
        choice == (int)DartsRnnOperation.None ? 0 : (4.0 * HiddenSize * HiddenSize) + (5.0 * HiddenSize);

    public override double BaseFlops() => (4.0 * (InputSize + HiddenSize) * HiddenSize) + (5.0 * HiddenSize);

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}, nodes={NodeCount}, capacity={Capacity}";

    private IReadOnlyList<Tensor> AddNodeWeights(float outputWeight)
    {
        var i = NodeCount;
        var w = ws.Add(Parameter.Uniform(random, DartsRnnCell.InitRange, HiddenSize, 2 * HiddenSize));
        edges.Add(Enumerable.Range(0, i + 1).Select(j => new DartsRnnEdge(i, j, w)).ToArray());
        if (!WeightedOutput)
        {
            return [w];
        }

        var o = omega.Add(Parameter.Filled(outputWeight, 1));
        return [w, o];
    }

    // The search code's BatchNorm1d(nhid, affine=False) on [B, H], as batch norm over [B, H, 1, 1].
    private Tensor Normalize(Tensor s)
    {
        if (bn == null)
        {
            return s;
        }

        var (b, h) = (s.Shape[0], s.Shape[1]);
        return Ops.Reshape(bn.Forward(Ops.Reshape(s, b, h, 1, 1)), b, h);
    }
}
