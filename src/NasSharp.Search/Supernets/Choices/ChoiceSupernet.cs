using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// The one supernet abstraction of every space: a module whose searchable layers are <see cref="IChoiceLayer"/>s (rows
/// of architecture tables, <see cref="Shapes"/>) driven by one injected <see cref="IChoicePolicy"/>. Restricted by
/// <see cref="Splits"/> it is a few-shot sub-supernet (Zhao et al., ICML 2021): the same class and parameter layout,
/// fewer open choices (<see cref="Mask"/>), created from its parent by <see cref="CreateSubSupernet"/> with a copy of the
/// parent's weights, recursively.
/// </summary>
public abstract class ChoiceSupernet : Module
{
    private IChoicePolicy policy;
    private ChoiceMask? mask;
    private List<ChoiceSplit> splits = [];

    protected ChoiceSupernet(IChoicePolicy policy) => this.policy = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>How layers combine their choices; settable so one supernet is trained, evaluated and searched with different policies.</summary>
    public IChoicePolicy Policy
    {
        get => policy;
        set => policy = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Rows and choices of each architecture table, by group.</summary>
    public abstract IReadOnlyList<(int Rows, int Choices)> Shapes { get; }

    /// <summary>The groups whose tables the network reads now (all of them, except in a growing supernet whose later nodes do not exist yet).</summary>
    public virtual IReadOnlyList<int> ActiveGroups => Enumerable.Range(0, Shapes.Count).ToArray();

    /// <summary>
    /// Parameters of the supernet that scale a whole node's output (a grown darts-rnn cell's omega, a tib cell's gates
    /// gamma_k and gamma_e): trained on the weight batches, but by their own Adam
    /// (<see cref="Training.DifferentiableTrainer.GainOptimizer"/>) rather than the weight optimiser. None by default.
    /// </summary>
    public virtual IReadOnlyList<Tensor> Gains => [];

    /// <summary>The choices open in this (sub-)supernet.</summary>
    public ChoiceMask Mask => mask ??= ApplySplits(ChoiceMask.AllOpen(Shapes), splits);

    /// <summary>The few-shot splits restricting this supernet, outermost first (empty for the one-shot supernet).</summary>
    public IReadOnlyList<ChoiceSplit> Splits => splits;

    /// <summary>True when the path lies in this supernet's part of the space.</summary>
    public bool Contains(IReadOnlyList<int[]> path) => Mask.Contains(path);

    /// <summary>
    /// A sub-supernet restricted further by <paramref name="split"/>, initialised with a copy of this supernet's weights
    /// and buffers (few-shot transfer, Zhao et al. 2021, section 3.2).
    /// </summary>
    public ChoiceSupernet CreateSubSupernet(ChoiceSplit split, IChoicePolicy childPolicy, Random random)
    {
        var restricted = Mask.Restrict(split);
        var child = CreateSibling(childPolicy, random);
        child.splits = [.. splits, split];
        child.mask = restricted;
        child.LoadStateDict(StateDict());
        return child;
    }

    /// <summary>
    /// The choices of row <paramref name="row"/> (group <paramref name="group"/>) a few-shot split of this supernet makes
    /// one sub-supernet each: every open choice (Zhao et al. 2021, section 3: one sub-supernet per operation of the
    /// compound edge), except in a space whose derivation never keeps some choice (darts-rnn's <c>none</c>), where a
    /// sub-supernet keeping only that choice would derive an architecture outside itself.
    /// </summary>
    public virtual IReadOnlyList<int> SplitChoices(int group, int row) => Mask.Open(group, row);

    /// <summary>Restricts this supernet by <paramref name="newSplits"/> (restoring a saved sub-supernet before loading its weights).</summary>
    public void RestrictTo(IReadOnlyList<ChoiceSplit> newSplits)
    {
        ArgumentNullException.ThrowIfNull(newSplits);
        mask = ApplySplits(ChoiceMask.AllOpen(Shapes), newSplits);
        splits = [.. newSplits];
    }

    /// <summary>Replaces the open mask (a growing supernet's op reduction, RECURRENT.md 4); the splits are kept as they are.</summary>
    public void Restrict(ChoiceMask newMask) => mask = newMask ?? throw new ArgumentNullException(nameof(newMask));

    /// <summary>A fresh supernet of the same space and sizes (weights from <paramref name="random"/>), unrestricted.</summary>
    protected abstract ChoiceSupernet CreateSibling(IChoicePolicy childPolicy, Random random);

    /// <summary>Subclasses call this at the start of every forward pass: the policy samples or weighs this pass's choices.</summary>
    protected void BeginForward() => policy.BeginForward(Mask);

    /// <summary>
    /// The discrete child of per-table probabilities (row-major [rows, choices] per group) as a path of this supernet:
    /// the argmax per row in NB201 and chain spaces; DARTS's two strongest inputs per node (other edges <c>none</c>).
    /// </summary>
    public abstract IReadOnlyList<int[]> DerivePath(float[][] probabilities);

    /// <summary>The text form of the architecture of a path in the space's own notation.</summary>
    public abstract string Describe(IReadOnlyList<int[]> path);

    /// <summary>Forward FLOPs for one input of the single path <paramref name="path"/>.</summary>
    public abstract double PathFlops(IReadOnlyList<int[]> path, int imageSize);

    /// <summary>
    /// Forward FLOPs for one input of every (row, choice) of every table, summed over the layers that share the row,
    /// row-major [rows, choices] per group: the cost table of an expected-FLOPs penalty.
    /// </summary>
    public abstract double[][] ChoiceFlops(int imageSize);

    /// <summary>A label for row <paramref name="row"/> of table <paramref name="group"/> (for records and plots).</summary>
    public abstract string RowName(int group, int row);

    /// <summary>The name of choice <paramref name="choice"/> in table <paramref name="group"/>.</summary>
    public abstract string ChoiceName(int group, int choice);

    /// <summary>Forward FLOPs for one input when every open choice of every layer runs (a softmax-weighted forward pass).</summary>
    public abstract double MixedFlops(int imageSize);

    /// <summary>The split of row <paramref name="row"/> (group <paramref name="group"/>) to the choice named <paramref name="name"/> (or numbered).</summary>
    public ChoiceSplit ParseSplit(int group, int row, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (group < 0 || group >= Shapes.Count || row < 0 || row >= Shapes[group].Rows)
        {
            throw new ArgumentException($"split: row {row} of group {group} does not exist ({string.Join(", ", Shapes.Select((s, g) => $"group {g}: rows 0..{s.Rows - 1}"))}).");
        }

        for (var k = 0; k < Shapes[group].Choices; k++)
        {
            if (ChoiceName(group, k) == name || k.ToString(System.Globalization.CultureInfo.InvariantCulture) == name)
            {
                return new ChoiceSplit(group, row, k);
            }
        }

        throw new ArgumentException($"split: '{name}' is not a choice of {RowName(group, row)} (expected: {string.Join(", ", Enumerable.Range(0, Shapes[group].Choices).Select(k => ChoiceName(group, k)))}).");
    }

    /// <summary>Text of a split with the choice's name: <c>row:name</c> or <c>group.row:name</c>.</summary>
    public string SplitName(ChoiceSplit split) => split.Group == 0
        ? $"{split.Row}:{ChoiceName(0, split.Choice)}"
        : $"{split.Group}.{split.Row}:{ChoiceName(split.Group, split.Choice)}";

    private static ChoiceMask ApplySplits(ChoiceMask mask, IEnumerable<ChoiceSplit> splits)
    {
        foreach (var split in splits)
        {
            mask = mask.Restrict(split);
        }

        return mask;
    }
}
