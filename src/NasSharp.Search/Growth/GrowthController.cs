using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Growth;

/// <summary>
/// The bookkeeping of the growth modes (RECURRENT.md 3-4) on a <see cref="RecurrentSearchCell"/> and its
/// <see cref="ChoiceTables"/>; the training loop calls <see cref="EndEpoch"/> between epochs and never grows anything
/// itself. It keeps the open mask of every table (true = choice still open, row-major [rows, choices] per group):
/// IGP closes each row's weakest choices at a growth event (keeping the top k by softmax over the open entries,
/// k from <see cref="OpSchedule"/>) and contracts nodes with p(skip) &gt; 0.5 or |gate| &lt; 0.05; a new node opens
/// the choices still open at some node. Policies should read only open entries (the few-shot mask seam).
/// With <see cref="GrowthMorphism.Edge"/> or <see cref="GrowthMorphism.Both"/> a growth event adds an edge by M4
/// (RECURRENT.md 3.2), [NASSHARP] by the rule RECURRENT.md 3.3 gives for where to insert a node: into the node with the
/// largest |dL/dgamma| of the alpha-stream loss (ties: the earliest), from the earliest state it does not read yet
/// (s_0 = h_{t-1} first, the longest skip). Edge growth stops when no edge is left to add, or its last edge has
/// |gamma_e| &lt; 0.05 after P epochs (then removed), and IGP removes edges with |gamma_e| &lt; 0.05 after an epoch,
/// as it contracts nodes.
/// </summary>
public sealed class GrowthController
{
    private readonly RecurrentSearchCell cell;
    private readonly ChoiceTables tables;
    private readonly IGrowthTrigger trigger;
    private readonly GrowthStoppingRule rule;
    private readonly Func<double[]>? gateGradients;
    private readonly bool[][] open;
    private readonly Dictionary<int, int> bornAt = [];
    private int? lastGrown;
    private int events;

    /// <param name="mode">None, GTP or IGP.</param>
    /// <param name="cell">The search cell that grows.</param>
    /// <param name="tables">Its architecture tables (one per node the cell can hold), as the policy reads them.</param>
    /// <param name="trigger">When to grow (schedule or plateau).</param>
    /// <param name="rule">When to stop growing; its node limit must fit the cell's capacity.</param>
    /// <param name="opSchedule">Open choices per row after each IGP event (tib default 6, 4, 3, 2 after the initial 9); the last entry repeats.</param>
    /// <param name="morphism">What an event adds: a node, an edge, or both.</param>
    /// <param name="gateGradients">dL/dgate of the alpha-stream loss per group (<see cref="GateGradients"/>); edge growth needs it to pick the target node.</param>
    public GrowthController(GrowthMode mode, RecurrentSearchCell cell, ChoiceTables tables, IGrowthTrigger trigger, GrowthStoppingRule rule, IReadOnlyList<int>? opSchedule = null, GrowthMorphism morphism = GrowthMorphism.Node, Func<double[]>? gateGradients = null)
    {
        this.cell = cell ?? throw new ArgumentNullException(nameof(cell));
        this.tables = tables ?? throw new ArgumentNullException(nameof(tables));
        this.trigger = trigger ?? throw new ArgumentNullException(nameof(trigger));
        this.rule = rule ?? throw new ArgumentNullException(nameof(rule));
        if (tables.Tables.Count != cell.Shapes.Count)
        {
            throw new ArgumentException($"GrowthController: {tables.Tables.Count} tables for a cell of {cell.Shapes.Count} node tables.", nameof(tables));
        }

        if (rule.MaxNodes > cell.Capacity)
        {
            throw new ArgumentException($"GrowthController: the rule allows {rule.MaxNodes} nodes but the cell has tables for {cell.Capacity} (a tib cell also needs a table for every node it ever contracted).", nameof(rule));
        }

        if (morphism != GrowthMorphism.Node && gateGradients == null)
        {
            throw new ArgumentException($"GrowthController: growing edges ({morphism}) needs the gate gradients that choose the target node.", nameof(gateGradients));
        }

        (Mode, Morphism, this.gateGradients) = (mode, morphism, gateGradients);
        OpSchedule = opSchedule?.ToArray() ?? [6, 4, 3, 2];
        if (OpSchedule.Count == 0 || OpSchedule.Any(k => k < 1))
        {
            throw new ArgumentException($"GrowthController: the op schedule [{string.Join(", ", OpSchedule)}] must hold positive counts.", nameof(opSchedule));
        }

        open = cell.Shapes.Select(s => Enumerable.Repeat(true, s.Rows * s.Choices).ToArray()).ToArray();
    }

    public GrowthMode Mode { get; }

    public GrowthMorphism Morphism { get; }

    public IReadOnlyList<int> OpSchedule { get; }

    /// <summary>The open mask per group, row-major [rows, choices].</summary>
    public IReadOnlyList<bool[]> OpenMask => open;

    /// <summary>Why growth stopped so far (<see cref="GrowthStop.None"/> while it goes on).</summary>
    public GrowthStop Stopped => rule.Stopped;

    /// <summary>
    /// After epoch <paramref name="epoch"/> (1-based) with its alpha-stream loss: checks the stopping rule and the
    /// trigger and, when growing, (IGP) reduces ops and contracts nodes, then grows a node, an edge or both. Null when
    /// nothing changed.
    /// </summary>
    public GrowthEvent? EndEpoch(int epoch, double alphaLoss)
    {
        if (Mode == GrowthMode.None || rule.Stopped != GrowthStop.None)
        {
            return null;
        }

        var before = cell.NodeGroups.Count;
        var edges = Morphism == GrowthMorphism.Edge;
        var full = edges ? (cell.EdgeCandidates.Count == 0 ? GrowthStop.NoEdgeLeft : GrowthStop.None) : (before >= rule.MaxNodes ? GrowthStop.MaxNodes : GrowthStop.None);
        var lastGate = lastGrown is { } g ? cell.Gate(g) : 1f;
        var stop = rule.Check(epoch, full, alphaLoss, lastGate, !edges && lastGrown is { } l && IsSkip(l), edges ? GrowthStop.EdgeNotEarned : GrowthStop.NodeNotEarned);
        if (stop is GrowthStop.NodeNotEarned or GrowthStop.EdgeNotEarned && cell.TryRemove(lastGrown!.Value))
        {
            return new GrowthEvent(epoch, before, cell.NodeGroups.Count, [], null, [lastGrown.Value], null, stop);
        }

        if (stop != GrowthStop.None || !trigger.ShouldGrow(epoch, alphaLoss))
        {
            return stop == GrowthStop.None ? null : new GrowthEvent(epoch, before, before, [], null, [], null, stop);
        }

        int? kept = null;
        var contracted = new List<int>();
        if (Mode == GrowthMode.Igp)
        {
            kept = OpSchedule[Math.Min(events, OpSchedule.Count - 1)];
            Reduce(kept.Value);
            contracted.AddRange(Contract(epoch));
        }

        var weights = new List<Tensor>();
        int? group = edges ? null : GrowNode(epoch, weights);
        var edge = Morphism == GrowthMorphism.Node ? null : GrowEdge(epoch, weights);
        if ((edges ? edge?.Group : group) is { } grown)
        {
            lastGrown = grown;
            events++;
            trigger.Grown(epoch);
            rule.Grown(epoch, alphaLoss);
        }

        return new GrowthEvent(epoch, before, cell.NodeGroups.Count, weights, group, contracted, kept, GrowthStop.None, edge);
    }

    /// <summary>Everything the controller remembers (open masks, births, events, its trigger and rule), for a search checkpoint.</summary>
    public GrowthControllerState SaveState() => new(
        open.Select(o => o.ToArray()).ToArray(), bornAt.OrderBy(kv => kv.Key).Select(kv => new[] { kv.Key, kv.Value }).ToArray(), lastGrown, events,
        trigger.SaveState(), rule.State.GrownAt, rule.State.LossBefore, rule.State.Stopped);

    /// <summary>Restores <see cref="SaveState"/>'s value (the cell's shape is the caller's: replay its growth events first).</summary>
    public void LoadState(GrowthControllerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (var g = 0; g < open.Length; g++)
        {
            state.Open[g].CopyTo(open[g], 0);
        }

        bornAt.Clear();
        foreach (var pair in state.BornAt)
        {
            bornAt[pair[0]] = pair[1];
        }

        (lastGrown, events) = (state.LastGrown, state.Events);
        trigger.LoadState(state.Trigger);
        rule.State = (state.RuleGrownAt, state.RuleLossBefore, state.RuleStopped);
    }

    /// <summary>Softmax of every table over its open entries (closed entries 0), row-major per group.</summary>
    public float[][] Probabilities()
    {
        var logits = tables.Tables.Select(t => t.ToArray()).ToArray();
        var result = new float[logits.Length][];
        for (var g = 0; g < logits.Length; g++)
        {
            var choices = cell.Shapes[g].Choices;
            result[g] = new float[logits[g].Length];
            for (var r = 0; r < cell.Shapes[g].Rows; r++)
            {
                var row = Enumerable.Range(r * choices, choices).Where(i => open[g][i]).ToArray();
                var max = row.Max(i => logits[g][i]);
                var z = row.Sum(i => Math.Exp(logits[g][i] - max));
                foreach (var i in row)
                {
                    result[g][i] = (float)(Math.Exp(logits[g][i] - max) / z);
                }
            }
        }

        return result;
    }

    /// <summary>The final discretization (RECURRENT.md 4, GP step 4): the cell's derivation on the open probabilities.</summary>
    public IReadOnlyList<int[]> Derive() => cell.DerivePath(Probabilities());

    // Each active row keeps its k strongest open choices (first on ties).
    private void Reduce(int k)
    {
        var p = Probabilities();
        foreach (var g in cell.ActiveGroups)
        {
            var choices = cell.Shapes[g].Choices;
            for (var r = 0; r < cell.Shapes[g].Rows; r++)
            {
                var ranked = Enumerable.Range(r * choices, choices).Where(i => open[g][i]).OrderByDescending(i => p[g][i]).ThenBy(i => i).ToArray();
                foreach (var i in ranked.Skip(k))
                {
                    open[g][i] = false;
                }
            }
        }
    }

    // Nodes with p(skip) > 0.5, or |gate| < 0.05 after at least one epoch, are contracted where the space allows it;
    // then edges with |gamma_e| < 0.05 after at least one epoch are removed.
    private List<int> Contract(int epoch)
    {
        var p = Probabilities();
        bool Weak(int g) => bornAt.TryGetValue(g, out var born) && epoch - born >= 1 && Math.Abs(cell.Gate(g)) < 0.05f;
        var nodes = cell.NodeGroups.Where(g => (cell.SkipChoice is { } s && p[g][s] > 0.5f) || Weak(g)).ToList().Where(cell.TryRemove).ToList();
        var edges = cell.ActiveGroups.Except(cell.NodeGroups).Where(Weak).ToList().Where(cell.TryRemove);
        return [.. nodes, .. edges];
    }

    // M1/M3: the cell's node morphism; the node's table opens what is still open elsewhere.
    private int GrowNode(int epoch, List<Tensor> weights)
    {
        var previous = cell.NodeGroups.ToHashSet();
        weights.AddRange(cell.Grow());
        var group = cell.NodeGroups.Single(a => !previous.Contains(a));
        OpenNew(group);
        bornAt[group] = epoch;
        return group;
    }

    // M4 into the node with the largest |dL/dgamma| (ties: the earliest) from the earliest state it does not read yet.
    private GrowthEdge? GrowEdge(int epoch, List<Tensor> weights)
    {
        var candidates = cell.EdgeCandidates;
        if (candidates.Count == 0)
        {
            return null;
        }

        var gradients = gateGradients!();
        var nodes = cell.NodeGroups;
        var to = candidates.Select(c => c.To).Distinct().OrderByDescending(t => Math.Abs(gradients[nodes[t - 1]])).ThenBy(t => t).First();
        var from = candidates.Where(c => c.To == to).Min(c => c.From);
        var (group, added) = cell.GrowEdge(from, to);
        weights.AddRange(added);
        OpenNew(group);
        bornAt[group] = epoch;
        return new GrowthEdge(from, to, group);
    }

    private void OpenNew(int group)
    {
        var choices = cell.Shapes[group].Choices;
        var stillOpen = Enumerable.Range(0, choices).Where(k => cell.ActiveGroups.Where(g => g != group).Any(g => Enumerable.Range(0, cell.Shapes[g].Rows).Any(r => open[g][(r * choices) + k]))).ToHashSet();
        for (var i = 0; i < open[group].Length; i++)
        {
            open[group][i] = stillOpen.Count == 0 || stillOpen.Contains(i % choices);
        }
    }

    private bool IsSkip(int group) =>
        cell.SkipChoice is { } s && ChoiceTables.ArgMaxRow(Probabilities()[group], 0, cell.Shapes[group].Choices) == s;
}
