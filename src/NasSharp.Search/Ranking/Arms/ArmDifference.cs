namespace NasSharp.Search.Ranking.Arms;

/// <summary>
/// An arm minus the baseline arm, in mean Kendall tau-b and mean Spearman rho over the paired seeds, with the
/// percentile interval of the paired bootstrap (<see cref="PairedBootstrap"/>).
/// </summary>
/// <param name="Arm">The arm.</param>
/// <param name="Baseline">The arm it is compared with.</param>
/// <param name="KendallTauB">Observed difference of the mean tau-b.</param>
/// <param name="KendallTauBLow">2.5th percentile of the bootstrap distribution of that difference.</param>
/// <param name="KendallTauBHigh">97.5th percentile.</param>
/// <param name="ProbabilityTauBPositive">Fraction of resamples with a positive difference.</param>
/// <param name="SpearmanRho">Observed difference of the mean rho.</param>
/// <param name="SpearmanRhoLow">2.5th percentile.</param>
/// <param name="SpearmanRhoHigh">97.5th percentile.</param>
/// <param name="Resamples">Bootstrap resamples.</param>
public sealed record ArmDifference(
    string Arm,
    string Baseline,
    double KendallTauB,
    double KendallTauBLow,
    double KendallTauBHigh,
    double ProbabilityTauBPositive,
    double SpearmanRho,
    double SpearmanRhoLow,
    double SpearmanRhoHigh,
    int Resamples)
{
    /// <summary>Whether the 95% interval of the tau-b difference excludes zero.</summary>
    public bool TauBIntervalExcludesZero => KendallTauBLow > 0 || KendallTauBHigh < 0;
}
