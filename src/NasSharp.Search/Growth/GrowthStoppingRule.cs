namespace NasSharp.Search.Growth;

/// <summary>
/// The stopping rule of RECURRENT.md 3.4: stop growing at the first of N = N_max; the last grown node not earning its
/// place P epochs after it was added (|gamma| &lt; <see cref="MinGamma"/> or its strongest op is skip; the caller
/// then removes it); the alpha-stream loss P epochs after the last growth not better than just before it by a
/// relative delta; the epoch budget used up. Once stopped it stays stopped. [NASSHARP] Edge growth (M4) reads it with
/// "no edge left" for N = N_max and the last edge's gamma_e for the last node's gamma.
/// </summary>
public sealed class GrowthStoppingRule
{
    private int? grownAt;
    private double lossBefore;

    public GrowthStoppingRule(int maxNodes, int epochBudget, int patience = 2, double delta = 0.01, double minGamma = 0.05)
    {
        if (maxNodes <= 0 || epochBudget <= 0 || patience <= 0 || !(delta is >= 0 and < 1) || minGamma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNodes), $"GrowthStoppingRule: max nodes {maxNodes}, budget {epochBudget} and patience {patience} must be positive, delta {delta} in [0, 1), min gamma {minGamma} non-negative.");
        }

        (MaxNodes, EpochBudget, Patience, Delta, MinGamma) = (maxNodes, epochBudget, patience, delta, minGamma);
    }

    public int MaxNodes { get; }

    public int EpochBudget { get; }

    public int Patience { get; }

    public double Delta { get; }

    public double MinGamma { get; }

    /// <summary>The reason growth stopped, or <see cref="GrowthStop.None"/> while it goes on.</summary>
    public GrowthStop Stopped { get; private set; }

    /// <summary>The rule's memory: the epoch of the last growth (null: none), the loss just before it, and the stop reason.</summary>
    public (int? GrownAt, double LossBefore, GrowthStop Stopped) State
    {
        get => (grownAt, lossBefore, Stopped);
        set => (grownAt, lossBefore, Stopped) = value;
    }

    /// <summary>Records a growth after <paramref name="epoch"/>, with the alpha-stream loss just before it.</summary>
    public void Grown(int epoch, double alphaLossBefore) => (grownAt, lossBefore) = (epoch, alphaLossBefore);

    /// <summary>
    /// Checks the rule after <paramref name="epoch"/> (1-based) with the cell's size, the alpha-stream loss and the last
    /// grown node's gate and strongest op; returns (and keeps) the first reason that holds.
    /// </summary>
    public GrowthStop Check(int epoch, int nodes, double alphaLoss, float lastGamma, bool lastIsSkip) =>
        Check(epoch, nodes >= MaxNodes ? GrowthStop.MaxNodes : GrowthStop.None, alphaLoss, lastGamma, lastIsSkip, GrowthStop.NodeNotEarned);

    /// <summary>
    /// The rule for any morphism: <paramref name="full"/> is why the cell cannot grow any more (<see cref="GrowthStop.MaxNodes"/>,
    /// <see cref="GrowthStop.NoEdgeLeft"/>) or <see cref="GrowthStop.None"/>; the last grown part (node or edge) is judged
    /// by its gate and, for a node, whether its strongest op is skip, and <paramref name="notEarned"/> names the failure.
    /// </summary>
    public GrowthStop Check(int epoch, GrowthStop full, double alphaLoss, float lastGate, bool lastIsSkip, GrowthStop notEarned)
    {
        if (Stopped != GrowthStop.None)
        {
            return Stopped;
        }

        var judged = grownAt is { } g && epoch - g >= Patience;
        Stopped = full != GrowthStop.None ? full
            : judged && (Math.Abs(lastGate) < MinGamma || lastIsSkip) ? notEarned
            : judged && !(alphaLoss < lossBefore * (1 - Delta)) ? GrowthStop.NoImprovement
            : epoch >= EpochBudget ? GrowthStop.Budget
            : GrowthStop.None;
        return Stopped;
    }
}
