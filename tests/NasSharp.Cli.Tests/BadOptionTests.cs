namespace NasSharp.Cli.Tests;

/// <summary>Every verb answers a bad option with one line naming it and what is allowed, exit code 2, no help dump.</summary>
public sealed class BadOptionTests
{
    [Theory]
    [InlineData("--budget: 'abc' is not a whole number", "search", "--budget", "abc")]
    [InlineData("--strategy-lr: 'fast' is not a number", "search", "--strategy-lr", "fast")]
    [InlineData("--top-k: 'x' is not a whole number", "rank", "a.csv", "b.csv", "--top-k", "x")]
    [InlineData("--resamples: 'many' is not a whole number", "rank-compare", "--truth", "t.csv", "--arm", "a=a.csv", "--resamples", "many")]
    [InlineData("--epochs: 'ten' is not a whole number", "train", "--epochs", "ten")]
    [InlineData("--weight-lr: 'high' is not a number", "train", "--weight-lr", "high")]
    [InlineData("--batch-size: '1.5' is not a whole number", "predict", "--model", "m", "--batch-size", "1.5")]
    [InlineData("--opset: 'new' is not a whole number", "export", "--model", "m", "--onnx", "--opset", "new")]
    [InlineData("--epochs: '-' is not a whole number", "supernet", "train", "--dir", "d", "--epochs", "-")]
    [InlineData("--edge: 'first' is not a whole number", "supernet", "split", "--dir", "d", "--edge", "first")]
    [InlineData("--sample: 'all' is not a whole number", "groundtruth", "--out", "d", "--sample", "all")]
    [InlineData("--workers: 'cloud' is not one of local, external", "groundtruth", "--out", "d", "--workers", "cloud")]
    [InlineData("--max-units: 'x' is not a whole number", "worker", "--max-units", "x")]
    [InlineData("--bogus", "runs", "list", "--bogus")]
    [InlineData("--bogus", "report", "--bogus")]
    [InlineData("--steps: '2x' is not a whole number", "bench", "engine", "--steps", "2x")]
    [InlineData("--seconds: 'long' is not a number", "bench", "infer", "--model", "m", "--seconds", "long")]
    public void Verb_BadOption_OneLineNamingItExitTwoNoHelp(string named, params string[] args)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("nas", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }
}
