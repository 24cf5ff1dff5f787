using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// A searchable recurrent cell: its mixed layers are <see cref="IChoiceLayer"/>s whose architecture tables are one
/// group per node (so a grown node brings its own table and fresh optimizer state), and it consults the injected
/// <see cref="IChoicePolicy"/> like the DARTS CNN search cell; it never branches on the method. Tables exist for
/// <see cref="Capacity"/> nodes from the start; nodes not (yet) in the cell read none of theirs.
/// </summary>
public abstract class RecurrentSearchCell : RecurrentCell
{
    private Func<IChoicePolicy>? policy;
    private Action? beginForward;

    protected RecurrentSearchCell(int inputSize, int hiddenSize, int capacity)
        : base(inputSize, hiddenSize)
    {
        Capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"{GetType().Name}: the capacity must be positive.");
    }

    /// <summary>The most nodes the cell can ever hold (one architecture table each).</summary>
    public int Capacity { get; }

    /// <summary>Rows and choices of each architecture table: one per node the cell can hold.</summary>
    public abstract IReadOnlyList<(int Rows, int Choices)> Shapes { get; }

    /// <summary>The groups whose tables the current cell reads: its nodes' in chain order, then any added edges' (tib M4).</summary>
    public abstract IReadOnlyList<int> ActiveGroups { get; }

    /// <summary>The groups of the cell's nodes, in chain order: what growth counts and contracts.</summary>
    public virtual IReadOnlyList<int> NodeGroups => ActiveGroups;

    /// <summary>Connects the cell to the policy of its supernet; <paramref name="beginForward"/> runs once per sequence (one sample per minibatch).</summary>
    public void Attach(Func<IChoicePolicy> policy, Action beginForward)
    {
        this.policy = policy ?? throw new ArgumentNullException(nameof(policy));
        this.beginForward = beginForward ?? throw new ArgumentNullException(nameof(beginForward));
    }

    /// <summary>Uses one policy directly (a cell without a supernet).</summary>
    public void Attach(IChoicePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Attach(() => policy, () => policy.BeginForward(ChoiceMask.AllOpen(Shapes)));
    }

    /// <summary>The discrete path of per-table probabilities (softmax of each table, row-major); inactive groups get zeros.</summary>
    public abstract IReadOnlyList<int[]> DerivePath(float[][] probabilities);

    /// <summary>The genotype text of a path.</summary>
    public abstract string Describe(IReadOnlyList<int[]> path);

    /// <summary>A label for row <paramref name="row"/> of node table <paramref name="group"/>.</summary>
    public abstract string RowName(int group, int row);

    /// <summary>The name of choice <paramref name="choice"/>.</summary>
    public abstract string ChoiceName(int group, int choice);

    /// <summary>
    /// False for a choice the space's derivation never keeps, whatever alpha says (darts-rnn: <c>none</c>, RECURRENT.md
    /// 0.4 items 5-6); a few-shot split makes no sub-supernet of it (<see cref="ChoiceSupernet.SplitChoices"/>).
    /// </summary>
    public virtual bool IsDerivable(int group, int choice) => true;

    /// <summary>FLOPs of one time step of one sequence when choice <paramref name="choice"/> of (group, row) runs alone, beyond <see cref="BaseFlops"/>.</summary>
    public abstract double ChoiceFlops(int group, int row, int choice);

    /// <summary>FLOPs of one time step of one sequence that run whatever the choices (input projections).</summary>
    public abstract double BaseFlops();

    /// <summary>
    /// Grows the cell by its function-preserving morphism (tib: M1 append with gamma = 0; darts-rnn: M3 append-dag with
    /// omega = 0) and returns the new weights, which must join the trainer with fresh state (<see cref="Training.DifferentiableTrainer.AddWeights"/>:
    /// the gate among them the gains' Adam, the rest the weight optimizer); the node reads the next group.
    /// </summary>
    public abstract IReadOnlyList<Tensor> Grow();

    /// <summary>
    /// The edges (from, to) the edge morphism M4 (RECURRENT.md 3.2) could add now, in state indices (0: h_{t-1}, k: the
    /// state of the k-th node of the chain); empty in a space without it (darts-rnn: its search cell is dense already).
    /// </summary>
    public virtual IReadOnlyList<(int From, int To)> EdgeCandidates => [];

    /// <summary>Adds one of <see cref="EdgeCandidates"/> by M4 (function-preserving); returns its table's group and the new weights (tib: the gate gamma_e, a gain), which must join the trainer.</summary>
    public virtual (int Group, IReadOnlyList<Tensor> Weights) GrowEdge(int from, int to) =>
        throw new NotSupportedException($"{GetType().Name}: this space has no edge morphism (M4).");

    /// <summary>
    /// Parameters that scale a whole node's output and are stepped by the trainer's own Adam rather than the weight
    /// optimiser (<see cref="Supernets.Choices.ChoiceSupernet.Gains"/>; darts-rnn: omega; tib: gamma_k and gamma_e).
    /// None by default.
    /// </summary>
    public virtual IReadOnlyList<Tensor> Gains => [];

    /// <summary>The trainable gate of the node or edge reading table <paramref name="group"/> (tib: gamma, gamma_e), or null when it has none.</summary>
    public virtual Tensor? GateTensor(int group) => null;

    /// <summary>The gate of the node reading table <paramref name="group"/> (tib: gamma; darts-rnn: its output weight omega, 1/N without growth).</summary>
    public abstract float Gate(int group);

    /// <summary>The choice that passes the state through unchanged (tib: skip), or null when the space has none.</summary>
    public abstract int? SkipChoice { get; }

    /// <summary>Contracts the node reading <paramref name="group"/> when the space can (tib); false when it cannot (darts-rnn).</summary>
    public abstract bool TryRemove(int group);

    /// <summary>The genotype text of a derived path after the space's final contraction (tib: skip nodes removed).</summary>
    public virtual string DescribeContracted(IReadOnlyList<int[]> path) => Describe(path);

    protected IChoicePolicy Policy => policy?.Invoke() ?? throw new InvalidOperationException($"{GetType().Name}: no policy attached (use a RecurrentSupernet or Attach).");

    /// <summary>Starts the policy's pass; search cells call it from <see cref="RecurrentCell.BeginSequence"/>.</summary>
    protected void BeginPolicyPass()
    {
        if (beginForward == null)
        {
            throw new InvalidOperationException($"{GetType().Name}: no policy attached (use a RecurrentSupernet or Attach).");
        }

        beginForward();
    }
}
