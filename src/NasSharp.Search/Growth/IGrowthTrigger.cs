namespace NasSharp.Search.Growth;

/// <summary>
/// When a growing supernet gains a node (RECURRENT.md 3.3). The training loop asks after every search epoch, with
/// the epoch's alpha-stream loss, and reports the growths it made; triggers never touch the network.
/// </summary>
public interface IGrowthTrigger
{
    /// <summary>True when the supernet should grow after <paramref name="epoch"/> (1-based, just finished).</summary>
    bool ShouldGrow(int epoch, double alphaLoss);

    /// <summary>Records that the supernet grew after <paramref name="epoch"/>.</summary>
    void Grown(int epoch);

    /// <summary>The trigger's memory (for a search checkpoint).</summary>
    double[] SaveState();

    /// <summary>Restores what <see cref="SaveState"/> returned.</summary>
    void LoadState(IReadOnlyList<double> state);
}
