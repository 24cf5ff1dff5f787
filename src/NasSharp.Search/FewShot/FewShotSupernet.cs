using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.FewShot;

/// <summary>
/// A set of supernets that partitions the space (Zhao et al., ICML 2021, section 3): the root and, recursively,
/// sub-supernets that each fix one more row (edge, layer). Every architecture is evaluated by the deepest supernet whose
/// splits it satisfies; one supernet alone (no subs) is the one-shot case. The sub-supernets of one parent must
/// split the same row and cover every choice the parent leaves open there, so that routing is total. Any space.
/// </summary>
public sealed class FewShotSupernet
{
    private readonly Member root;
    private readonly List<ChoiceSupernet> all = [];

    /// <summary>Builds the hierarchy from the supernets' splits: the parent of a sub-supernet is the one whose splits are all of its splits but the last.</summary>
    /// <exception cref="ArgumentException">A sub-supernet has no parent in the set, two are the same, or a parent's sub-supernets do not partition its space.</exception>
    public FewShotSupernet(ChoiceSupernet root, IEnumerable<ChoiceSupernet> subSupernets)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(subSupernets);
        this.root = new Member(root);
        all.Add(root);
        var members = new List<Member> { this.root };
        foreach (var sub in subSupernets.OrderBy(s => s.Splits.Count))
        {
            var parent = members.Find(m => m.Supernet.Splits.Count == sub.Splits.Count - 1 && m.Supernet.Splits.SequenceEqual(sub.Splits.Take(sub.Splits.Count - 1)))
                ?? throw new ArgumentException($"Few-shot supernet: the sub-supernet with splits ({string.Join(", ", sub.Splits.Select(sub.SplitName))}) has no parent in the set.");
            if (parent.Children.Exists(c => c.Supernet.Splits[^1] == sub.Splits[^1]))
            {
                throw new ArgumentException($"Few-shot supernet: two sub-supernets with splits ({string.Join(", ", sub.Splits.Select(sub.SplitName))}).");
            }

            var member = new Member(sub);
            parent.Children.Add(member);
            members.Add(member);
            all.Add(sub);
        }

        members.ForEach(CheckPartition);
        Depth = members.Max(m => m.Supernet.Splits.Count) - root.Splits.Count;
    }

    /// <summary>The supernet at the top (the one-shot supernet).</summary>
    public ChoiceSupernet Root => root.Supernet;

    /// <summary>Every supernet, the root first.</summary>
    public IReadOnlyList<ChoiceSupernet> Supernets => all;

    /// <summary>Levels of splitting (0: one-shot).</summary>
    public int Depth { get; }

    /// <summary>
    /// The supernet that evaluates <paramref name="path"/>: the deepest whose splits it satisfies.
    /// </summary>
    /// <exception cref="ArgumentException">The path lies outside the root's part of the space.</exception>
    public ChoiceSupernet Route(IReadOnlyList<int[]> path)
    {
        if (!root.Supernet.Contains(path))
        {
            throw new ArgumentException($"Few-shot supernet: {root.Supernet.Describe(path)} is outside the root's part of the space ({string.Join(", ", root.Supernet.Splits.Select(root.Supernet.SplitName))}).");
        }

        var member = root;
        while (member.Children.Count > 0)
        {
            member = member.Children.Find(c => c.Supernet.Contains(path))!;
        }

        return member.Supernet;
    }

    /// <summary>The NAS-Bench-201 supernet that evaluates <paramref name="genotype"/>.</summary>
    public ChoiceSupernet Route(Nb201Genotype genotype) => Route(Nb201Supernet.PathOf(genotype));

    /// <summary>
    /// Loads the supernets of <paramref name="directory"/> down to <paramref name="maxDepth"/> levels (0: the one-shot
    /// supernet alone). Every supernet loaded must have finished training, and the sub-supernets of a parent must
    /// all be there; otherwise the error names what is missing and the command that trains it.
    /// </summary>
    public static FewShotSupernet Load(SupernetDirectory directory, int maxDepth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var root = LoadNode(directory, directory.Root);
        var subs = new List<ChoiceSupernet>();
        var pending = new Queue<SupernetNode>([directory.Root]);
        while (pending.Count > 0)
        {
            var node = pending.Dequeue();
            if (node.Depth >= maxDepth)
            {
                continue;
            }

            foreach (var child in directory.Children(node))
            {
                subs.Add(LoadNode(directory, child));
                pending.Enqueue(child);
            }
        }

        return new FewShotSupernet(root, subs);
    }

    private static ChoiceSupernet LoadNode(SupernetDirectory directory, SupernetNode node)
    {
        var state = SupernetDirectory.State(node);
        if (state is not { IsComplete: true })
        {
            var done = state == null ? "no epoch" : $"{state.CompletedEpochs} of {state.Options.Epochs} epochs";
            var how = node.IsRoot
                ? $"nas supernet train --dir {directory.Path} --resume"
                : $"nas supernet split --dir {directory.Path}{(node.Depth > 1 ? $" --parent {node.Path[..node.Path.LastIndexOf('.')]}" : string.Empty)} --edge {node.Splits[^1].Row} --split {node.Indices[^1]} --resume";
            throw new InvalidOperationException($"the {node} in {directory.Path} has finished {done}; complete it with: {how}");
        }

        var supernet = directory.Space.Create(new FixedChoicePolicy(directory.Space.FirstPath), new Random(0));
        supernet.RestrictTo(node.Splits);
        SupernetCheckpoint.LoadWeights(node.Directory, supernet);
        return supernet;
    }

    private static void CheckPartition(Member parent)
    {
        if (parent.Children.Count == 0)
        {
            return;
        }

        var rows = parent.Children.Select(c => (c.Supernet.Splits[^1].Group, c.Supernet.Splits[^1].Row)).Distinct().ToList();
        var name = string.Join(", ", parent.Supernet.Splits.Select(parent.Supernet.SplitName));
        if (rows.Count > 1)
        {
            throw new ArgumentException($"Few-shot supernet: the sub-supernets of ({name}) split different rows ({string.Join(", ", rows.Select(r => r.Row))}).");
        }

        var (group, row) = rows[0];
        var missing = parent.Supernet.Mask.Open(group, row).Where(k => !parent.Children.Exists(c => c.Supernet.Splits[^1].Choice == k)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"Few-shot supernet: the sub-supernets of ({name}) on {parent.Supernet.RowName(group, row)} lack " +
                $"{string.Join(", ", missing.Select(k => $"{k} ({parent.Supernet.ChoiceName(group, k)})"))}, so some architectures would have no supernet; train the missing splits.");
        }
    }

    private sealed class Member(ChoiceSupernet supernet)
    {
        public ChoiceSupernet Supernet { get; } = supernet;

        public List<Member> Children { get; } = [];
    }
}
