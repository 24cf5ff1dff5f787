namespace NasSharp.Search.Growth;

/// <summary>
/// RECURRENT.md 3.3 <c>plateau</c>: grow when the alpha-stream loss of the epoch just finished is not below the best of
/// the previous <see cref="Patience"/> epochs by a relative <see cref="Delta"/>, with at least <see cref="Cooldown"/>
/// epochs after each growth (and <see cref="Patience"/> epochs of history) before the next.
/// </summary>
public sealed class PlateauTrigger : IGrowthTrigger
{
    private readonly List<double> losses = [];
    private int lastGrowth;

    public PlateauTrigger(double delta = 0.01, int patience = 2, int cooldown = 1)
    {
        if (!(delta is >= 0 and < 1) || patience <= 0 || cooldown < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), $"PlateauTrigger: delta {delta} must lie in [0, 1), patience {patience} must be positive, cooldown {cooldown} non-negative.");
        }

        (Delta, Patience, Cooldown) = (delta, patience, cooldown);
    }

    public double Delta { get; }

    public int Patience { get; }

    public int Cooldown { get; }

    public bool ShouldGrow(int epoch, double alphaLoss)
    {
        losses.Add(alphaLoss);
        var sinceGrowth = epoch - lastGrowth;
        if (sinceGrowth <= Cooldown || sinceGrowth <= Patience || losses.Count <= Patience)
        {
            return false;
        }

        var best = losses.Skip(losses.Count - 1 - Patience).Take(Patience).Min();
        return !(alphaLoss < best * (1 - Delta));
    }

    public void Grown(int epoch) => lastGrowth = epoch;

    /// <summary>[last growth epoch, the losses seen so far...].</summary>
    public double[] SaveState() => [lastGrowth, .. losses];

    public void LoadState(IReadOnlyList<double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lastGrowth = (int)state[0];
        losses.Clear();
        losses.AddRange(state.Skip(1));
    }
}
