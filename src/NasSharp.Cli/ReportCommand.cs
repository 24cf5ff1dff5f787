using System.CommandLine;
using System.Globalization;
using NasSharp.Search.Ranking;
using NasSharp.Store.Reports;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas report RUN [RUN ...] [--rank A B] [--out FILE|DIR]</c>: one self-contained HTML page of one or more run
/// directories (<see cref="RunReport"/>), optionally with the ranking scatter plot of two scoring files (what
/// <c>nas rank</c> compares; the statistics are computed here with the same code). Bad input: one line, exit 2.
/// </summary>
internal static class ReportCommand
{
    private const string DefaultFile = "report.html";

    private static readonly Argument<string[]> Runs = new("run") { Description = "Run directories (of nas search, nas train, the main job...).", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string?> Out = new("--out") { Description = $"Where to write the page: a directory (gets {DefaultFile}) or a .html file. Default: {DefaultFile} inside the run (one run) or in the current directory." };
    private static readonly Option<string[]> Rank = new("--rank") { Description = "Two scoring files (CSV or JSON, as nas rank reads them) to compare in a scatter plot, e.g. the --scores-out of nas rank and a ground-truth CSV.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> ScoreA = new("--score-a") { Description = "Score column of the first --rank file (default as in nas rank)." };
    private static readonly Option<string?> ScoreB = new("--score-b") { Description = "Score column of the second --rank file." };

    public static Command Create()
    {
        var command = new Command("report", "Write one self-contained HTML page (tables and charts, no network needed) of one or more runs: 'nas report runs/20260101-120000'.");
        command.Arguments.Add(Runs);
        Option[] options = [Out, Rank, ScoreA, ScoreB];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        try
        {
            var runs = parseResult.GetValue(Runs) ?? [];
            var rank = parseResult.GetValue(Rank) ?? [];
            if (runs.Length == 0 && rank.Length == 0)
            {
                throw new ArgumentException("give at least one run directory (or --rank A B)");
            }

            if (runs.FirstOrDefault(r => !Directory.Exists(r)) is { } missing)
            {
                throw new ArgumentException($"run directory '{missing}' does not exist");
            }

            var ranking = rank.Length == 2 ? Ranking(rank[0], rank[1], parseResult.GetValue(ScoreA), parseResult.GetValue(ScoreB)) : null;
            var path = OutputPath(parseResult.GetValue(Out), runs);
            RunReport.Write(path, runs, ranking);
            parseResult.InvocationConfiguration.Output.WriteLine($"report: {Path.GetFullPath(path)} ({runs.Length} run(s){(ranking != null ? ", ranking" : string.Empty)}); open it in a browser");
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"nas report: {ex.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    /// <summary>A directory gets report.html; a path ending in .html/.htm is the file itself.</summary>
    internal static string OutputPath(string? option, IReadOnlyList<string> runs)
    {
        if (option == null)
        {
            return runs.Count == 1 ? Path.Combine(runs[0], DefaultFile) : DefaultFile;
        }

        if (option.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || option.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(option))!;
            if (!Directory.Exists(directory))
            {
                throw new ArgumentException($"--out {option}: directory '{directory}' does not exist");
            }

            return option;
        }

        Directory.CreateDirectory(option);
        return Path.Combine(option, DefaultFile);
    }

    private static ReportRanking Ranking(string pathA, string pathB, string? scoreA, string? scoreB)
    {
        var join = ScoringJoin.Join(ScoringFile.Read(pathA, scoreA), ScoringFile.Read(pathB, scoreB));
        if (join.Matched == 0)
        {
            throw new InvalidDataException($"--rank: no architecture appears in both {pathA} and {pathB}");
        }

        var comparison = RankComparison.Compute(join, RankCommand.TopKSizes([], join.Matched));
        var statistics = new List<KeyValuePair<string, string>>
        {
            new("matched architectures", join.Matched.ToString(CultureInfo.InvariantCulture)),
            new("Kendall tau-b", Statistic(comparison.KendallTauB, comparison.UndefinedReason)),
            new("Spearman rho", Statistic(comparison.SpearmanRho, comparison.UndefinedReason)),
        };
        statistics.AddRange(comparison.TopK.Select(t => new KeyValuePair<string, string>($"top-{t.K} overlap", string.Create(CultureInfo.InvariantCulture, $"{t.Common} of {t.K}"))));
        return new ReportRanking(
            $"{Path.GetFileName(pathA)} {join.A.ScoreName}",
            $"{Path.GetFileName(pathB)} {join.B.ScoreName}",
            join.Architectures,
            join.ScoresA.ToArray(),
            join.ScoresB.ToArray(),
            statistics);
    }

    private static string Statistic(double value, string? undefinedReason) =>
        double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : $"undefined ({undefinedReason})";
}
