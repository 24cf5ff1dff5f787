using System.Text.Json;

namespace NasSharp.Cli.Tests;

public class EngineBenchCommandTests
{
    [Fact]
    public void BenchEngine_UnknownMode_OneLineNamingItAndExit2()
    {
        var (exit, _, error) = CliRunner.Run("bench", "engine", "--mode", "chains");
        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'chains'", line);
        Assert.Contains("darts-space", line);
    }

    [Fact]
    public void BenchEngine_ChainMode_PrintsJsonLineWithTheMode()
    {
        var output = CliRunner.Ok("bench", "engine", "--mode", "chain", "--batch-size", "2", "--steps", "1", "--warmup", "0", "--threads", "1");
        var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal("chain", json.GetProperty("mode").GetString());
        Assert.True(json.GetProperty("img_per_s").GetDouble() > 0);
        Assert.True(json.GetProperty("gflops").GetDouble() > 0);
    }

    [Fact]
    public void BenchEngine_Profile_PrintsPerOpTablesBeforeTheJsonLine()
    {
        var output = CliRunner.Ok("bench", "engine", "--mode", "chain", "--batch-size", "2", "--steps", "1", "--warmup", "0", "--threads", "1", "--profile");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("| Conv2d depthwise", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| weight update (SGD) |", StringComparison.Ordinal));
        Assert.Equal("chain", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("spos", 20)]
    [InlineData("darts", 3)]
    [InlineData("chain", 150)]
    public void BenchEngine_NoWarmupGiven_WarmsUpWithTheModesDefault(string mode, int expected)
    {
        var output = CliRunner.Ok("bench", "engine", "--mode", mode, "--channels", "4", "--cells", "1", "--batch-size", "4", "--steps", "1", "--threads", "1");
        var warmUps = output.Split('\n').Where(l => l.StartsWith("warm-up step ", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, warmUps.Count);
        Assert.Equal($"warm-up step {expected}/{expected}", warmUps[^1].TrimEnd());
    }

    [Fact]
    public void BenchEngine_NegativeWarmup_OneLineNamingItAndExit2()
    {
        var (exit, _, error) = CliRunner.Run("bench", "engine", "--mode", "spos", "--warmup", "-1");
        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("warm-up -1", line);
    }

    [Fact]
    public void BenchEngine_ImageSize_RunsThePlanesOfThatImageAndReportsIt()
    {
        var output = CliRunner.Ok("bench", "engine", "--mode", "spos", "--image-size", "28", "--channels", "4", "--cells", "1", "--batch-size", "2", "--steps", "1", "--warmup", "0", "--threads", "1", "--profile");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("| BatchNorm2d | [2, 4, 28, 28]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("image_size=28", StringComparison.Ordinal));
        Assert.Equal(28, JsonDocument.Parse(lines[^1]).RootElement.GetProperty("image_size").GetInt32());
    }

    [Fact]
    public void BenchEngine_ImageSizeNotMultipleOfFour_OneLineNamingItAndExit2()
    {
        var (exit, _, error) = CliRunner.Run("bench", "engine", "--mode", "spos", "--image-size", "30");
        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("image size 30", line);
    }
}
