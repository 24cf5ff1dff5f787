using NasSharp.EngineBench;

namespace NasSharp.EngineBench.Tests;

public class EngineBenchmarkTests
{
    [Theory]
    [InlineData(EngineBenchmarkMode.Spos)]
    [InlineData(EngineBenchmarkMode.Darts)]
    [InlineData(EngineBenchmarkMode.Chain)]
    [InlineData(EngineBenchmarkMode.DartsSpace)]
    public void Run_TinyNetwork_ReportsConsistentMeasurements(EngineBenchmarkMode mode)
    {
        var options = new EngineBenchmarkOptions(mode, Batch: 4, Channels: 4, CellsPerStage: 1, Steps: 2, WarmupSteps: 1, Threads: 1, ImageSize: 8);
        var result = EngineBenchmark.Run(options);
        Assert.True(result.MillisecondsPerStep > 0);
        Assert.Equal(4 * 1000 / result.MillisecondsPerStep, result.ItemsPerSecond, 6);
        Assert.True(result.GigaflopsPerSecond > 0);
        Assert.True(double.IsFinite(result.FinalLoss) && result.FinalLoss > 0);
        Assert.True(result.PeakWorkingSetBytes > 0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("darts-rnn:sigmoid~0|relu~1|relu~1|identity~1|tanh~2|sigmoid~5|tanh~3|relu~5")]
    [InlineData("tib:add_tanh|mul_sigmoid|add_relu|highway")]
    public void Run_TinyLanguageModel_CountsTokensAndStaysFinite(string? genotype)
    {
        var options = new EngineBenchmarkOptions(EngineBenchmarkMode.Lm, Batch: 3, Steps: 4, WarmupSteps: 1, Threads: 1)
        {
            Hidden = 8,
            Layers = 2,
            Bptt = 5,
            Vocabulary = 11,
            Genotype = genotype,
        };
        var result = EngineBenchmark.Run(options);
        Assert.Equal("tok", result.ItemName);
        Assert.Equal(3 * 5 * 1000 / result.MillisecondsPerStep, result.ItemsPerSecond, 6);
        Assert.True(result.GigaflopsPerSecond > 0);

        // Random tokens over 11 words: a cross-entropy, finite and positive. (Whether it falls is not asserted: at lr 20,
        // 8 units and 4 steps, the benchmark's recipe, it rises above log(11) for all three cells.)
        Assert.True(double.IsFinite(result.FinalLoss) && result.FinalLoss > 0, $"loss {result.FinalLoss}");
    }

    [Fact]
    public void Run_GenotypeOutsideLm_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => EngineBenchmark.Run(new EngineBenchmarkOptions(EngineBenchmarkMode.Spos) { Genotype = "tib:mul" }));
        Assert.Contains("lm only", ex.Message);
    }

    [Fact]
    public void Run_Profile_RowsCoverTheTimedSteps()
    {
        var options = new EngineBenchmarkOptions(EngineBenchmarkMode.Spos, Batch: 4, Channels: 4, CellsPerStage: 1, Steps: 2, WarmupSteps: 1, Threads: 1, ImageSize: 8, Profile: true);
        var result = EngineBenchmark.Run(options);
        var rows = Assert.IsAssignableFrom<IReadOnlyList<NasSharp.Tensors.OpProfileRow>>(result.Profile);
        Assert.Equal(2, Assert.Single(rows, r => r.Name == "weight update (SGD)").Calls);
        Assert.Contains(rows, r => r.Name == "BatchNorm2d" && r.BackwardCalls > 0);
        Assert.Null(EngineBenchmark.Run(options with { Profile = false }).Profile);
    }

    [Fact]
    public void ParseMode_EveryModeName_RoundTrips()
    {
        foreach (var mode in Enum.GetValues<EngineBenchmarkMode>())
        {
            Assert.Equal(mode, EngineBenchmarkOptions.ParseMode(EngineBenchmarkOptions.ModeName(mode)));
        }

        Assert.Equal("darts-space", EngineBenchmarkOptions.ModeName(EngineBenchmarkMode.DartsSpace));
        Assert.Null(EngineBenchmarkOptions.ParseMode("DartsSpace"));
    }

    [Fact]
    public void Run_ImageSizeNotMultipleOfFour_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => EngineBenchmark.Run(new EngineBenchmarkOptions(ImageSize: 30)));
        Assert.Contains("image size 30", ex.Message);
    }
}
