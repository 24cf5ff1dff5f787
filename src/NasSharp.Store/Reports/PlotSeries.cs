namespace NasSharp.Store.Reports;

/// <summary>One series of a <see cref="ReportChart"/>: its name (legend and colour key), points, and optional per-point hover labels.</summary>
internal sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<string>? Labels = null)
{
    public int FinitePoints => X.Zip(Y).Count(p => double.IsFinite(p.First) && double.IsFinite(p.Second));
}
