using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// The two-input backbone search cell (RECURRENT.md 1.2): s_0 = h_{t-1}; for each node k of the chain, A_k = s_{k-1},
/// z_k its projection of [x_t * m_x; h_{t-1} * m_h], m_k = the policy's mix of the nine two-input ops o(A_k, z_k), and
/// s_k = A_k + gamma_k * (m_k - A_k); h_t = s_N, or with <see cref="Bound"/> h_t = tanh(s_N). Each node reads its own architecture table [1, 9] (group = the order
/// in which nodes were created, so an inserted node brings a fresh table); initial nodes have gamma = 1.
/// Growth: <see cref="InsertNode"/> (M1 append, M2 insert) with gamma = 0 and <see cref="AddEdge"/> (M4, a
/// <see cref="TibEdge"/> with gamma_e = 0 into an existing node, reading a table of its own after the node tables) keep
/// the function exactly; <see cref="RemoveNode"/> contracts a node (exact when it is a pure skip, or its gamma is 0,
/// and no edge with a nonzero gate feeds it). A removed node or edge stays registered (its parameters get no gradient),
/// so parameter names never change. Derived genotypes (<see cref="GenotypeOf"/>) are the chain plus the edges whose
/// gate earned them a place (|gamma_e| &gt;= <see cref="MinEdgeGate"/>), each with its strongest op.
/// </summary>
public sealed class TibSearchCell : RecurrentSearchCell
{
    private readonly ModuleList<TibNode> created;
    private readonly List<TibNode> chain = [];
    private readonly ParameterList edgeGammas;
    private readonly List<TibEdge> edges = [];
    private readonly List<TibEdge> liveEdges = [];
    private readonly Random random;
    private Tensor? xMask;
    private Tensor? hMask;

    /// <summary>
    /// An edge stays in the derived genotype only when |gamma_e| reaches this at the end of the search. RECURRENT.md 3.4
    /// (item 2) removes a grown node whose |gamma| stays below 0.05; [NASSHARP] the same threshold judges an edge's
    /// gate. The node rule's other clause (argmax op skip) does not carry over: a skip edge adds s_from, a residual
    /// connection, where a skip node adds nothing.
    /// </summary>
    public const float MinEdgeGate = 0.05f;

    public TibSearchCell(int inputSize, int hiddenSize, int nodes, int capacity, Random random, float inputDropout = 0f, float hiddenDropout = 0f, int edgeCapacity = 0, bool bound = false)
        : base(inputSize, hiddenSize, capacity)
    {
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        Bound = bound;
        if (nodes <= 0 || nodes > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(nodes), nodes, $"TibSearchCell: nodes must lie in 1..capacity ({capacity}).");
        }

        EdgeCapacity = edgeCapacity >= 0 ? edgeCapacity : throw new ArgumentOutOfRangeException(nameof(edgeCapacity), edgeCapacity, "TibSearchCell: the edge capacity cannot be negative.");

        InputDropout = VariationalMask.Check(nameof(TibSearchCell), nameof(inputDropout), inputDropout);
        HiddenDropout = VariationalMask.Check(nameof(TibSearchCell), nameof(hiddenDropout), hiddenDropout);
        created = RegisterModule("nodes", new ModuleList<TibNode>());
        edgeGammas = RegisterModule("edge_gamma", new ParameterList());
        for (var k = 0; k < nodes; k++)
        {
            chain.Add(created.Add(new TibNode(created.Count, inputSize, hiddenSize, 1f, random)));
        }
    }

    public float InputDropout { get; }

    public float HiddenDropout { get; }

    /// <summary>
    /// --tib-bound (RECURRENT.md 1.2, "Stability": "apply tanh to h_t"): h_t = tanh(s_N), so the state fed back stays in
    /// (-1, 1) whatever the unbounded ops (mul, quadratic in the state; add_id) do. The morphisms act on the chain
    /// before it, so s_N, and with it tanh(s_N), is unchanged by growth.
    /// </summary>
    public bool Bound { get; }

    /// <summary>The most edges <see cref="AddEdge"/> may ever add (constructor, default 0); edge e reads table <see cref="RecurrentSearchCell.Capacity"/> + e.</summary>
    public int EdgeCapacity { get; }

    /// <summary>The nodes in chain order.</summary>
    public IReadOnlyList<TibNode> Chain => chain;

    /// <summary>The edges the cell holds now (M4), in the order they were added.</summary>
    public IReadOnlyList<TibEdge> Edges => liveEdges;

    public override IReadOnlyList<(int Rows, int Choices)> Shapes => Enumerable.Repeat((1, TibOperations.Count), Capacity + EdgeCapacity).ToArray();

    public override IReadOnlyList<int> ActiveGroups => [.. NodeGroups, .. liveEdges.Select(e => e.Group)];

    public override IReadOnlyList<int> NodeGroups => chain.Select(n => n.Group).ToArray();

    /// <summary>
    /// M1/M2 (RECURRENT.md 3.2): a node at chain position <paramref name="position"/> (0..N; N appends), U and b uniform
    /// in [-0.04, 0.04], gamma = 0, so s_new = A exactly and the cell's function is unchanged. The returned
    /// node's Parameters() join the trainer (U and b the weight optimizer, gamma the gains' Adam, <see cref="Gains"/>);
    /// its architecture table is the next unused group.
    /// </summary>
    public TibNode InsertNode(int position)
    {
        if (position < 0 || position > chain.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"TibSearchCell: a node goes at a chain position in 0..{chain.Count}.");
        }

        if (created.Count == Capacity)
        {
            throw new InvalidOperationException($"TibSearchCell: all {Capacity} node tables are used.");
        }

        var node = created.Add(new TibNode(created.Count, InputSize, HiddenSize, 0f, random));
        chain.Insert(position, node);
        return node;
    }

    public override IReadOnlyList<Tensor> Grow() => InsertNode(chain.Count).Parameters();

    /// <summary>
    /// M4 (RECURRENT.md 3.2): an edge from state s_<paramref name="from"/> (0: h_{t-1}; k: the state of the k-th node
    /// of the chain) into the node whose state is s_<paramref name="to"/>, skipping at least one node (from &lt;= to - 2;
    /// s_{to-1} is that node's A already). Its mixed op reads (s_from, z_to) through the next unused edge table, its gate
    /// gamma_e = 0 keeps the function exactly; <see cref="TibEdge.Gamma"/> joins the gains' Adam (<see cref="Gains"/>). The
    /// edge stays attached to those two nodes when nodes are inserted between them.
    /// </summary>
    public TibEdge AddEdge(int from, int to)
    {
        if (to < 2 || to > chain.Count || from < 0 || from > to - 2)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"TibSearchCell: an edge s_{from} -> s_{to} must skip a node: 0 <= from <= to - 2 and to <= {chain.Count} (the chain's nodes).");
        }

        var (source, target) = (from == 0 ? null : chain[from - 1], chain[to - 1]);
        if (liveEdges.Any(e => e.Source == source && e.Target == target))
        {
            throw new InvalidOperationException($"TibSearchCell: the edge s_{from} -> s_{to} exists already.");
        }

        if (edges.Count == EdgeCapacity)
        {
            throw new InvalidOperationException($"TibSearchCell: all {EdgeCapacity} edge tables are used (edgeCapacity).");
        }

        var edge = new TibEdge(Capacity + edges.Count, source, target, edgeGammas.Add(Parameter.Filled(0f, 1)));
        edges.Add(edge);
        liveEdges.Add(edge);
        return edge;
    }

    /// <summary>Every edge <see cref="AddEdge"/> would take now, by target then source; none once the edge tables are used up.</summary>
    public override IReadOnlyList<(int From, int To)> EdgeCandidates =>
        edges.Count == EdgeCapacity ? [] : [.. from to in Enumerable.Range(2, Math.Max(0, chain.Count - 1))
                                              from source in Enumerable.Range(0, to - 1)
                                              where !liveEdges.Any(e => StateOf(e.Source) == source && e.Target == chain[to - 1])
                                              select (source, to)];

    public override (int Group, IReadOnlyList<Tensor> Weights) GrowEdge(int from, int to)
    {
        var edge = AddEdge(from, to);
        return (edge.Group, [edge.Gamma]);
    }

    /// <summary>
    /// Every gate the cell has created: the nodes' gamma_k and the edges' gamma_e (RECURRENT.md 1.2, 3.2 M1/M2/M4),
    /// contracted ones included (they stay registered and get no gradient). Each is one scalar that scales a node's
    /// whole update or an edge's whole output, as darts-rnn's omega scales a node's state, so the weight SGD at the
    /// language-modelling rate (lr 20, clip 0.25) can move it by up to lr * clip = 5 per step against its scale of 1: on
    /// a 200-word synthetic chain (4 nodes of 16) a gate went 1.25 -> -0.27 in one step and the search diverged.
    /// [NASSHARP] They take the gains' Adam (<see cref="Training.DifferentiableTrainer.GainOptimizer"/>) on the weight
    /// batches, whose step is bounded by its rate; a grown node's or edge's gate joins it at 0 with fresh state, so growth
    /// stays function-preserving. This does not bound the state: on PTB (10,000 words) a 4-node supernet of 64 still
    /// diverges at lr 20, its state exploding through the unbounded ops (mul, add_id) once the SGD has grown the
    /// projections (README, Part L); <see cref="Bound"/> (--tib-bound) bounds it, and that search trains.
    /// </summary>
    public override IReadOnlyList<Tensor> Gains => [.. Enumerable.Range(0, created.Count).Select(k => created[k].Gamma), .. edges.Select(e => e.Gamma)];

    public override Tensor? GateTensor(int group) =>
        group < Capacity ? (group < created.Count ? created[group].Gamma : null) : (group - Capacity < edges.Count ? edges[group - Capacity].Gamma : null);

    public override float Gate(int group) => group < Capacity ? created[group].Gamma.Item() : edges[group - Capacity].Gamma.Item();

    public override int? SkipChoice => (int)TibOperation.Skip;

    public override bool TryRemove(int group)
    {
        if (group >= Capacity)
        {
            return group - Capacity < edges.Count && liveEdges.Remove(edges[group - Capacity]);
        }

        var position = group < created.Count ? chain.IndexOf(created[group]) : -1;
        if (position < 0 || chain.Count == 1)
        {
            return false;
        }

        RemoveNode(position);
        return true;
    }

    public override string DescribeContracted(IReadOnlyList<int[]> path) => GenotypeOf(path).WithoutSkips().ToString();

    /// <summary>
    /// Contracts the node at chain position <paramref name="position"/>: node k + 1 then reads s_{k-1}, edges from the
    /// node read s_{k-1} too (its state when it is a pure skip without edges in), edges into it are removed.
    /// </summary>
    public TibNode RemoveNode(int position)
    {
        if (position < 0 || position >= chain.Count || chain.Count == 1)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"TibSearchCell: cannot remove chain position {position} of {chain.Count} nodes (one must stay).");
        }

        var node = chain[position];
        liveEdges.RemoveAll(e => e.Target == node);
        foreach (var edge in liveEdges.Where(e => e.Source == node))
        {
            edge.Source = position == 0 ? null : chain[position - 1];
        }

        chain.RemoveAt(position);
        return node;
    }

    protected override void BeginSequence(int batch)
    {
        BeginPolicyPass();
        xMask = VariationalMask.Sample(batch, InputSize, InputDropout, random, IsTraining);
        hMask = VariationalMask.Sample(batch, HiddenSize, HiddenDropout, random, IsTraining);
    }

    protected override Tensor Step(Tensor input, Tensor hidden)
    {
        var policy = Policy;
        var xh = Ops.Concat([VariationalMask.Apply(input, xMask), VariationalMask.Apply(hidden, hMask)], 1);
        var s = hidden;
        var states = liveEdges.Count > 0 ? new Dictionary<TibNode, Tensor>(chain.Count) : null;
        foreach (var node in chain)
        {
            node.Begin(node.Forward(xh));
            s = node.Gate(s, policy.Forward(node, s) ?? s);
            if (states != null)
            {
                foreach (var edge in liveEdges.Where(e => e.Target == node))
                {
                    var source = edge.Source == null ? hidden : states[edge.Source];
                    s = policy.Forward(edge, source) is { } m ? edge.Join(s, m) : s;
                }

                states[node] = s;
            }
        }

        return Bound ? Ops.Tanh(s) : s;
    }

    public override IReadOnlyList<int[]> DerivePath(float[][] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var path = Shapes.Select(_ => new int[1]).ToArray();
        foreach (var g in ActiveGroups)
        {
            path[g][0] = Supernets.Choices.ChoiceTables.ArgMaxRow(probabilities[g], 0, TibOperations.Count);
        }

        return path;
    }

    public override string Describe(IReadOnlyList<int[]> path) => GenotypeOf(path).ToString();

    /// <summary>
    /// The chain's operations under <paramref name="path"/> (RECURRENT.md 4: discretize by argmax; contract skips with
    /// <see cref="TibGenotype.WithoutSkips"/>) and the edges with |gamma_e| &gt;= <see cref="MinEdgeGate"/>, each with its
    /// path choice (its argmax, derived like a node's), between the states they connect now.
    /// </summary>
    public TibGenotype GenotypeOf(IReadOnlyList<int[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kept = liveEdges.Where(e => Math.Abs(e.Gamma.Item()) >= MinEdgeGate)
            .Select(e => new TibGenotypeEdge((TibOperation)path[e.Group][0], StateOf(e.Source), StateOf(e.Target)));
        return new TibGenotype(chain.Select(n => (TibOperation)path[n.Group][0]).ToArray(), kept.ToArray());
    }

    // The state index a node writes (its chain position + 1); null is s_0 = h_{t-1}.
    private int StateOf(TibNode? node) => node == null ? 0 : chain.IndexOf(node) + 1;

    public override string RowName(int group, int row) => group < Capacity ? $"node {group}" : $"edge {group - Capacity}";

    public override string ChoiceName(int group, int choice) => TibOperations.Name((TibOperation)choice);

    public override double ChoiceFlops(int group, int row, int choice) => choice == (int)TibOperation.Skip ? 0 : 4.0 * HiddenSize;

    public override double BaseFlops() => chain.Count * ((2.0 * (InputSize + HiddenSize) * HiddenSize) + (3.0 * HiddenSize));

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}, nodes={chain.Count}, capacity={Capacity}, edges={liveEdges.Count}{(Bound ? ", bound" : string.Empty)}";
}
