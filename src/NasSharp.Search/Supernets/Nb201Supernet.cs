using NasSharp.NN;
using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.Supernets;

/// <summary>
/// The NAS-Bench-201 weight-sharing supernet: every cell edge holds all five candidate operations, and the
/// injected <see cref="IEdgePolicy"/> decides how they combine. Restricted by <see cref="Splits"/> it is a
/// few-shot sub-supernet (Zhao et al., ICML 2021): same class, same parameter layout, fewer open choices.
/// </summary>
public sealed class Nb201Supernet : Nb201Skeleton
{
    private readonly List<SearchCell> searchCells = [];
    private readonly PolicySlot slot;

    public Nb201Supernet(Nb201SupernetOptions options, IEdgePolicy policy, Random random, IReadOnlyList<SupernetSplit>? splits = null)
        : this(options, random, splits ?? [], new Holder(new PolicySlot(policy ?? throw new ArgumentNullException(nameof(policy)))))
    {
    }

    private Nb201Supernet(Nb201SupernetOptions options, Random random, IReadOnlyList<SupernetSplit> splits, Holder holder)
        : base(options, c => holder.Add(new SearchCell(holder.Slot, c, options.CellBatchNorm, random)), random)
    {
        slot = holder.Slot;
        Splits = ValidateSplits(splits);
        EdgeSpace = BuildEdgeSpace(Splits);
        searchCells.AddRange(holder.Cells);
    }

    /// <summary>How edges combine their candidates. Settable so that one trained supernet can be trained, evaluated and searched with different policies.</summary>
    public IEdgePolicy Policy
    {
        get => slot.Policy;
        set => slot.Policy = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The few-shot splits restricting this supernet (empty for the one-shot supernet).</summary>
    public IReadOnlyList<SupernetSplit> Splits { get; }

    /// <summary>The operations left open per edge position.</summary>
    public SupernetEdgeSpace EdgeSpace { get; }

    /// <summary>The searchable cells.</summary>
    public IReadOnlyList<SearchCell> Cells => searchCells;

    /// <summary>True when <paramref name="genotype"/> lies in this supernet's part of the space.</summary>
    public bool Contains(Nb201Genotype genotype)
    {
        foreach (var split in Splits)
        {
            if (genotype[split.Edge] != split.Op)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A sub-supernet restricted further by <paramref name="split"/>, initialised with a copy of this supernet's
    /// weights (few-shot transfer).
    /// </summary>
    public Nb201Supernet CreateSubSupernet(SupernetSplit split, IEdgePolicy policy, Random random)
    {
        var child = new Nb201Supernet(Options, policy, random, [.. Splits, split]);
        child.LoadStateDict(StateDict());
        return child;
    }

    protected override void BeginForward() => Policy.BeginForward(EdgeSpace);

    private static List<SupernetSplit> ValidateSplits(IReadOnlyList<SupernetSplit> splits)
    {
        var seen = new HashSet<int>();
        foreach (var split in splits)
        {
            if (split.Edge < 0 || split.Edge >= Nb201CellWiring.EdgeCount)
            {
                throw new ArgumentException($"Supernet: split edge {split.Edge} is out of range 0..5.");
            }

            if (!seen.Add(split.Edge))
            {
                throw new ArgumentException($"Supernet: edge {split.Edge} is split twice ({string.Join(", ", splits)}).");
            }
        }

        return [.. splits];
    }

    private static SupernetEdgeSpace BuildEdgeSpace(IReadOnlyList<SupernetSplit> splits)
    {
        var allowed = new List<IReadOnlyList<Nb201Operation>>();
        for (var e = 0; e < Nb201CellWiring.EdgeCount; e++)
        {
            var split = splits.Where(s => s.Edge == e).ToList();
            allowed.Add(split.Count == 0 ? Nb201Operations.All : [split[0].Op]);
        }

        return new SupernetEdgeSpace(allowed);
    }

    /// <summary>Collects the cells the base constructor creates before this object's fields exist.</summary>
    private sealed class Holder(PolicySlot slot)
    {
        public PolicySlot Slot { get; } = slot;

        public List<SearchCell> Cells { get; } = [];

        public SearchCell Add(SearchCell cell)
        {
            Cells.Add(cell);
            return cell;
        }
    }
}
