using System.CommandLine;
using NasSharp.Search.Ranking;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas rank A B</c>: how well two scorings of the same architectures agree (Kendall tau-b, Spearman rho,
/// top-k overlap). Each side is an <see cref="IScoringSource"/>; today a CSV or JSON file. Bad input gives
/// one line on stderr naming the file and line, and exit code 2.
/// </summary>
internal static class RankCommand
{
    /// <summary>k used when no --top-k is given; skipped (not an error) when fewer architectures match.</summary>
    private const int DefaultTopK = 10;

    private static readonly Argument<string> A = new("a") { Description = "First scoring: CSV (arch,score columns) or JSON ({\"arch\": score} or [{\"arch\", \"score\"}])." };
    private static readonly Argument<string> B = new("b") { Description = "Second scoring, same formats; joined with the first on the architecture string." };
    private static readonly Option<string?> ScoreA = new("--score-a") { Description = "Score column (CSV) or field (JSON array) of A; default: the second CSV column, or 'score' in a JSON array." };
    private static readonly Option<string?> ScoreB = new("--score-b") { Description = "Score column or field of B." };
    private static readonly Option<int[]> TopK = new("--top-k") { Description = $"Sizes k of the top-k overlaps (highest scores; ties broken by architecture string). Repeat it or list values after it (after the files); default {DefaultTopK}.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary as the last line." };

    public static Command Create()
    {
        var command = new Command("rank", "Compare two scorings of architectures: 'nas rank supernet.csv nb201.csv --score-b cifar10_test --top-k 10 100'.");
        command.Arguments.Add(A);
        command.Arguments.Add(B);
        Option[] options = [ScoreA, ScoreB, TopK, Json];
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
            var join = ScoringJoin.Join(Open(parseResult.GetValue(A)!, parseResult.GetValue(ScoreA)).Load(), Open(parseResult.GetValue(B)!, parseResult.GetValue(ScoreB)).Load());
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
        catch (Exception ex) when (ex is ArgumentException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"nas rank: {ex.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    /// <summary>The scoring source behind a command-line operand; the place a supernet directory will plug in.</summary>
    private static ScoringFile Open(string path, string? scoreColumn)
    {
        return Directory.Exists(path)
            ? throw new ArgumentException($"'{path}' is a directory; nas rank reads CSV or JSON scoring files (supernet directories are not supported yet)")
            : new ScoringFile(path, scoreColumn);
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
