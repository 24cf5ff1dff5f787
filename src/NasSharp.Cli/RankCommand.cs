using System.CommandLine;
using NasSharp.Search.Evaluation;
using NasSharp.Search.FewShot;
using NasSharp.Search.Ranking;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas rank A B</c>: how well two scorings of the same architectures agree (Kendall tau-b, Spearman rho,
/// top-k overlap). Each side is an <see cref="IScoringSource"/>: a CSV or JSON file, or a supernet directory, which
/// scores the architectures of the other side (a ground-truth or benchmark table) with inherited weights. Bad input
/// gives one line on stderr naming the file and line, and exit code 2.
/// </summary>
internal static class RankCommand
{
    /// <summary>k used when no --top-k is given; skipped (not an error) when fewer architectures match.</summary>
    private const int DefaultTopK = 10;

    private static readonly Argument<string> A = new("a") { Description = "First scoring: CSV (genotype,score columns) or JSON ({\"genotype\": score} or [{\"genotype\", \"score\"}]), a nas groundtruth directory, or a supernet directory (scores the other side's architectures)." };
    private static readonly Argument<string> B = new("b") { Description = "Second scoring, same formats; joined with the first on the architecture string." };
    private static readonly Option<string?> ScoreA = new("--score-a") { Description = "Score column (CSV) or field (JSON array) of A; default: the second CSV column, or 'score' in a JSON array." };
    private static readonly Option<string?> ScoreB = new("--score-b") { Description = "Score column or field of B." };
    private static readonly Option<int[]> TopK = new("--top-k") { Description = $"Sizes k of the top-k overlaps (highest scores; ties broken by architecture string). Repeat it or list values after it (after the files); default {DefaultTopK}.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary as the last line." };
    private static readonly Option<string?> View = new("--supernet-view") { Description = "A supernet directory scores with: oneshot (the one-shot supernet) or fewshot (its sub-supernets); default fewshot when it has sub-supernets." };
    private static readonly Option<string?> Data = new("--data") { Description = "Data directory of a supernet directory's dataset (default: the one the directory was trained from, else $NASSHARP_DATA)." };
    private static readonly Option<string?> ScoresOut = new("--scores-out") { Description = "Write the scores a supernet directory gave (genotype,supernet_accuracy CSV) to this file." };

    public static Command Create()
    {
        var command = new Command("rank", "Compare two scorings of architectures: 'nas rank supernet.csv nb201.csv --score-b cifar10_test --top-k 10 100'.");
        command.Arguments.Add(A);
        command.Arguments.Add(B);
        Option[] options = [ScoreA, ScoreB, TopK, Json, View, Data, ScoresOut, SupernetCliOptions.Threads()];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        try
        {
            SupernetCliOptions.ApplyThreads(parseResult);
            var (a, b) = Load(parseResult, output);
            var join = ScoringJoin.Join(a, b);
            if (join.Matched == 0)
            {
                throw new InvalidDataException(NoMatch(join));
            }

            var comparison = RankComparison.Compute(join, TopKSizes(parseResult.GetValue(TopK) ?? [], join.Matched));
            RankReport.WriteText(output, join, comparison);
            if (parseResult.GetValue(Json))
            {
                output.WriteLine(RankReport.ToJson(join, comparison));
            }

            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"nas rank: {ex.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    /// <summary>Both scorings; a supernet directory scores the architectures the other side (a file) lists.</summary>
    private static (Scoring A, Scoring B) Load(ParseResult r, TextWriter output)
    {
        var (pathA, pathB) = (GroundTruthFile(r.GetValue(A)!), GroundTruthFile(r.GetValue(B)!));
        var (scoreA, scoreB) = (ScoreOf(r.GetValue(A)!, r.GetValue(ScoreA)), ScoreOf(r.GetValue(B)!, r.GetValue(ScoreB)));
        var (isDirectoryA, isDirectoryB) = (Directory.Exists(pathA), Directory.Exists(pathB));
        if (isDirectoryA && isDirectoryB)
        {
            throw new ArgumentException($"'{pathA}' and '{pathB}' are both directories; compare a supernet directory with a scoring file (e.g. a nas groundtruth CSV)");
        }

        if (!isDirectoryA && !isDirectoryB)
        {
            return (new ScoringFile(pathA, scoreA).Load(), new ScoringFile(pathB, scoreB).Load());
        }

        var file = isDirectoryA ? new ScoringFile(pathB, scoreB).Load() : new ScoringFile(pathA, scoreA).Load();
        var supernet = Supernet(isDirectoryA ? pathA : pathB, file, r, output).Load();
        if (r.GetValue(ScoresOut) is { } scoresPath)
        {
            // Through the CSV writer: a chain genotype holds commas and is quoted (NB201 strings need no quoting).
            using var scores = new NasSharp.Store.CsvTableWriter(scoresPath, ["genotype", "supernet_accuracy"]);
            foreach (var architecture in supernet.Architectures)
            {
                scores.WriteRow(architecture, supernet[architecture]);
            }
        }

        return isDirectoryA ? (supernet, file) : (file, supernet);
    }

    /// <summary>A nas groundtruth --out directory stands for the table it holds; other paths are returned as given.</summary>
    private static string GroundTruthFile(string path) =>
        Directory.Exists(path) && !SupernetDirectory.Exists(path) && File.Exists(Path.Combine(path, GroundTruthTable.FileName))
            ? Path.Combine(path, GroundTruthTable.FileName)
            : path;

    /// <summary>
    /// The score column of a side: the option's, else <c>test_accuracy</c> for a nas groundtruth directory (whose NB201
    /// table's second column is op_indices, not a score), else the file's default.
    /// </summary>
    private static string? ScoreOf(string given, string? option) => option ?? (GroundTruthFile(given) != given ? "test_accuracy" : null);

    private static SupernetScoringSource Supernet(string directory, Scoring other, ParseResult r, TextWriter output)
    {
        var opened = SupernetDirectory.Open(directory);
        var view = r.GetValue(View) switch
        {
            null => opened.Children(opened.Root).Count > 0 ? SupernetView.FewShot : SupernetView.OneShot,
            "oneshot" => SupernetView.OneShot,
            "fewshot" => SupernetView.FewShot,
            var name => throw new ArgumentException($"unknown --supernet-view '{name}' (expected: oneshot, fewshot)"),
        };
        // The other side's architectures of the directory's space (a table may hold others; they stay unmatched and are counted).
        var architectures = other.Architectures.Where(a => opened.Space.TryParsePath(a, out _)).ToList();
        var lastPrint = System.Diagnostics.Stopwatch.StartNew();
        return new SupernetScoringSource(directory, architectures, SupernetCliOptions.DataDirectory(r.GetValue(Data), opened.Manifest), view, (done, total) =>
        {
            if (lastPrint.Elapsed.TotalSeconds >= 10 && done < total)
            {
                output.WriteLine($"scoring with {directory}: {done}/{total} architectures");
                lastPrint.Restart();
            }
        });
    }

    /// <summary>Requested sizes, deduplicated in order; with none requested, <see cref="DefaultTopK"/> when enough architectures match.</summary>
    internal static int[] TopKSizes(int[] requested, int matched)
    {
        if (requested.Length == 0)
        {
            return matched >= DefaultTopK ? [DefaultTopK] : [];
        }

        foreach (var k in requested)
        {
            if (k < 1 || k > matched)
            {
                throw new ArgumentException($"--top-k {k} is outside 1..{matched} (the number of matched architectures)");
            }
        }

        return [.. requested.Distinct()];
    }

    /// <summary>No common key usually means two spellings of the architectures; show one of each.</summary>
    private static string NoMatch(ScoringJoin join)
    {
        var message = $"no architecture appears in both {join.A.Source} ({join.A.Count}) and {join.B.Source} ({join.B.Count})";
        return join.A.Count > 0 && join.B.Count > 0
            ? $"{message}; compare '{join.A.Architectures[0]}' with '{join.B.Architectures[0]}'"
            : message;
    }
}
