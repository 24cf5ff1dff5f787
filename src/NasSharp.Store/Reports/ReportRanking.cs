namespace NasSharp.Store.Reports;

/// <summary>
/// Two scorings of the same architectures for the report's ranking scatter plot (what <c>nas rank</c> compares: e.g.
/// supernet accuracy against stand-alone ground truth), with the agreement statistics already computed by the caller
/// (Kendall tau-b, Spearman rho, top-k overlap), shown as given.
/// </summary>
public sealed record ReportRanking(
    string NameA,
    string NameB,
    IReadOnlyList<string> Architectures,
    IReadOnlyList<double> ScoresA,
    IReadOnlyList<double> ScoresB,
    IReadOnlyList<KeyValuePair<string, string>> Statistics)
{
    internal ReportChart Chart()
    {
        if (Architectures.Count != ScoresA.Count || Architectures.Count != ScoresB.Count)
        {
            throw new ArgumentException($"ReportRanking: {Architectures.Count} architectures but {ScoresA.Count} and {ScoresB.Count} scores.");
        }

        var labels = Architectures.Select((a, i) => $"{a}: {ReportFormat.Number(ScoresA[i])} vs {ReportFormat.Number(ScoresB[i])}").ToArray();
        return new ReportChart($"Ranking: {NameA} vs {NameB}", NameA, NameB, [new PlotSeries("architectures", ScoresA, ScoresB, labels)], Scatter: true);
    }
}
