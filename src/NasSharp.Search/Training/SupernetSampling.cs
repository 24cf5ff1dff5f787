namespace NasSharp.Search.Training;

/// <summary>How a supernet training step chooses the paths it trains.</summary>
public enum SupernetSampling
{
    /// <summary>
    /// One path per step, one operation per edge drawn uniformly from those open (SPOS, Guo et al., ECCV 2020),
    /// shared by every cell as in NAS-Bench-201's cell-based supernets.
    /// </summary>
    Uniform,

    /// <summary>
    /// All open candidates at once, each dropped at random with a rate ramped linearly from 0 to
    /// <see cref="SupernetTrainingOptions.MaxDropRate"/> over training (Bender et al., ICML 2018).
    /// </summary>
    PathDropout,
}
