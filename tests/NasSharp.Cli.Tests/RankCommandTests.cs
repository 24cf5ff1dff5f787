using System.CommandLine;
using System.Text.Json;

namespace NasSharp.Cli.Tests;

public sealed class RankCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-rank-" + Guid.NewGuid().ToString("N"));

    public RankCommandTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string[] Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = NasCommand.Create().Parse(["rank", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString().TrimEnd().Split('\n'), error.ToString());
    }

    /// <summary>The hand-counted case (tau-b 0.4, rho 0.6) plus one architecture on each side only.</summary>
    private (string A, string B) HandCase()
    {
        var a = Write("a.csv", "arch,acc\n|a~0|,1\n|b~0|,2\n|c~0|,3\n|d~0|,4\n|e~0|,5\n|x~0|,9\n");
        var b = Write("b.json", "{\"|a~0|\": 3, \"|b~0|\": 1, \"|c~0|\": 2, \"|d~0|\": 5, \"|e~0|\": 4, \"|y~0|\": 7}");
        return (a, b);
    }

    [Fact]
    public void Rank_GroundTruthDirectory_RanksItsTestAccuracyNotTheSecondColumn()
    {
        var (a, _) = HandCase();
        Directory.CreateDirectory(Path.Combine(root, "truth"));
        // op_indices increase with a's scores, test_accuracy is the hand case's other side: only the latter gives tau-b 0.4.
        Write(Path.Combine("truth", "groundtruth.csv"), "genotype,op_indices,conv_count,test_accuracy\n|a~0|,1,0,3\n|b~0|,2,0,1\n|c~0|,3,0,2\n|d~0|,4,0,5\n|e~0|,5,0,4\n");
        var (exit, output, error) = Run(a, Path.Combine(root, "truth"), "--json");
        Assert.True(exit == 0, error);
        Assert.Contains(output, l => l.StartsWith("tau-b     0.4000", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(output[^1]);
        Assert.Equal("test_accuracy", json.RootElement.GetProperty("score_b").GetString());
        var (_, named, _) = Run(a, Path.Combine(root, "truth"), "--score-b", "op_indices");
        Assert.Contains(named, l => l.StartsWith("tau-b     1.0000", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_CsvAgainstJson_PrintsStatisticsAndJsonLastLine()
    {
        var (a, b) = HandCase();
        var (exit, output, error) = Run(a, b, "--top-k", "2", "3", "--json");
        Assert.True(exit == 0, error);
        Assert.Contains(output, l => l.StartsWith("matched   5", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("tau-b     0.4000", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("rho       0.6000", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("top-3     0.6667  (2 of 3)", StringComparison.Ordinal));

        using var json = JsonDocument.Parse(output[^1]);
        var r = json.RootElement;
        Assert.Equal(5, r.GetProperty("matched").GetInt32());
        Assert.Equal(1, r.GetProperty("only_in_a").GetInt32());
        Assert.Equal(1, r.GetProperty("only_in_b").GetInt32());
        Assert.Equal(0.4, r.GetProperty("kendall_tau_b").GetDouble(), 12);
        Assert.Equal(0.6, r.GetProperty("spearman_rho").GetDouble(), 12);
        Assert.Equal("acc", r.GetProperty("score_a").GetString());
        var top = r.GetProperty("top_k").EnumerateArray().Select(e => (e.GetProperty("k").GetInt32(), e.GetProperty("common").GetInt32())).ToArray();
        Assert.Equal([(2, 2), (3, 2)], top);
    }

    [Fact]
    public void Rank_ArchitecturesOnOneSide_CountedWithAnExample()
    {
        var (a, b) = HandCase();
        var (_, output, _) = Run(a, b);
        var matched = Assert.Single(output, l => l.StartsWith("matched", StringComparison.Ordinal));
        Assert.Contains("only in a: 1, e.g. '|x~0|'", matched, StringComparison.Ordinal);
        Assert.Contains("only in b: 1, e.g. '|y~0|'", matched, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_DefaultTopK_TenWhenEnoughMatchSkippedOtherwise()
    {
        var (a, b) = HandCase();
        Assert.DoesNotContain(Run(a, b).Output, l => l.StartsWith("top-", StringComparison.Ordinal));

        var rows = string.Concat(Enumerable.Range(0, 12).Select(i => $"|op~{i}|,{i}\n"));
        var c = Write("c.csv", "arch,score\n" + rows);
        var d = Write("d.csv", "arch,score\n" + rows);
        var (exit, output, _) = Run(c, d);
        Assert.Equal(0, exit);
        Assert.Contains(output, l => l.StartsWith("top-10    1.0000  (10 of 10)", StringComparison.Ordinal));
        Assert.Contains(output, l => l.StartsWith("tau-b     1.0000", StringComparison.Ordinal));
    }

    [Fact]
    public void Rank_Nb201TableColumn_JoinsOnArchColumn()
    {
        const string g = "|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|none~2|";
        var table = Write("nb201.csv", $"arch_index,arch,op_indices,cifar10_test\n0,{g},\"3,0,2,1,4,0\",91.5\n1,|b|,\"0,0,0,0,0,0\",10.0\n2,|c|,x,50\n");
        var scores = Write("supernet.json", $"[{{\"arch\": \"{g}\", \"score\": 0.8}}, {{\"arch\": \"|b|\", \"score\": 0.1}}, {{\"arch\": \"|c|\", \"score\": 0.5}}]");
        var (exit, output, error) = Run(scores, table, "--score-b", "cifar10_test", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output[^1]);
        Assert.Equal(3, json.RootElement.GetProperty("matched").GetInt32());
        Assert.Equal(1.0, json.RootElement.GetProperty("kendall_tau_b").GetDouble());
    }

    [Fact]
    public void Rank_AllScoresTied_UndefinedWithReasonAndJsonNull()
    {
        var a = Write("a.csv", "arch,score\n|p|,1\n|q|,2\n|r|,3\n");
        var b = Write("b.csv", "arch,score\n|p|,5\n|q|,5\n|r|,5\n");
        var (exit, output, _) = Run(a, b, "--json");
        Assert.Equal(0, exit);
        Assert.Contains(output, l => l.StartsWith("tau-b     undefined (every matched score from", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(output[^1]);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("kendall_tau_b").ValueKind);
        Assert.Contains("b.csv", json.RootElement.GetProperty("undefined_reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dup", "'|p|' appears on lines 2 and 3")]
    [InlineData("nonnumeric", "line 3: score 'high'")]
    [InlineData("missing", "nope.csv")]
    [InlineData("directory", "is not a supernet directory")]
    [InlineData("nomatch", "no architecture appears in both")]
    [InlineData("topk", "--top-k 7 is outside 1..3")]
    [InlineData("column", "no column 'loss'")]
    public void Rank_BadInput_OneLineErrorAndExitCodeTwo(string scenario, string message)
    {
        var good = Write("good.csv", "arch,score\n|p|,1\n|q|,2\n|r|,3\n");
        string[] args = scenario switch
        {
            "dup" => [Write("dup.csv", "arch,score\n|p|,1\n|p|,2\n"), good],
            "nonnumeric" => [good, Write("bad.csv", "arch,score\n|p|,1\n|q|,high\n")],
            "missing" => [good, Path.Combine(root, "nope.csv")],
            "directory" => [root, good],
            "nomatch" => [good, Write("other.json", "{\"|P|\": 1}")],
            "topk" => [good, good, "--top-k", "7"],
            _ => [good, good, "--score-b", "loss"],
        };
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("nas rank: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal([string.Empty], output);
    }

    [Fact]
    public void TopKSizes_RepeatedValues_KeptOnceInOrder() =>
        Assert.Equal([100, 10], RankCommand.TopKSizes([100, 10, 100], 500));
}
