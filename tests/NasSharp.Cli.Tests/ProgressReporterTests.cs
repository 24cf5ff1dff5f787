namespace NasSharp.Cli.Tests;

public sealed class ProgressReporterTests
{
    [Fact]
    public void Update_Redirected_WritesPlainLinesWithLabelDetailAndEta()
    {
        using var output = new StringWriter();
        var reporter = new ProgressReporter(output, "one-shot", TimeSpan.Zero);
        reporter.Update(10, 100, "epoch 1/10  batch 10/10  loss 2.302");
        Thread.Sleep(20);
        reporter.Update(20, 100, "epoch 2/10  batch 10/10  loss 2.100");

        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("one-shot: epoch 1/10  batch 10/10  loss 2.302  ETA ?", lines[0].TrimEnd());
        Assert.StartsWith("one-shot: epoch 2/10  batch 10/10  loss 2.100  ETA ", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("ETA ?", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Update_WithinTheInterval_IsThrottledButLinesAlwaysPass()
    {
        using var output = new StringWriter();
        var reporter = new ProgressReporter(output, string.Empty, TimeSpan.FromHours(1));
        for (var i = 1; i <= 50; i++)
        {
            reporter.Update(i, 50, $"batch {i}/50");
        }

        reporter.Line("epoch 1/1 done");
        Assert.Equal(["batch 1/50  ETA ?", "epoch 1/1 done"], output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd()));
    }

    [Theory]
    [InlineData(60, 10, 30, "3m00s")]
    [InlineData(10, 5, 1, "2s")]
    [InlineData(3600, 1, 2, "2h00m")]
    [InlineData(5, 0, 10, "?")]
    [InlineData(5, 3, 0, "0s")]
    public void Eta_MeanRateSoFar_AppliedToTheWorkLeft(double elapsedSeconds, double done, double left, string expected) =>
        Assert.Equal(expected, ProgressReporter.Eta(TimeSpan.FromSeconds(elapsedSeconds), done, left));
}
