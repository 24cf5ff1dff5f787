using System.CommandLine;
using System.Globalization;
using NasSharp.EngineBench;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas bench engine</c>: training steps of the supernet of a PyTorch reference script under benchmarks/,
/// printing images/s, ms/step, GFLOP/s, allocation per step after warm-up, peak working set, and a JSON line; with
/// <c>--profile</c>, first the time per op.
/// </summary>
internal static class EngineBenchCommand
{
    private static readonly Option<string> Mode = new("--mode") { Description = "spos (NAS-Bench-201, one sampled op per edge), darts (NAS-Bench-201, softmax-weighted sum of all ops), chain (ShuffleNetV2-block supernet, one sampled block per layer as DSNAS trains it) or darts-space (DARTS search network, 8 cells).", DefaultValueFactory = _ => "spos" };
    private static readonly Option<int> Batch = new("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Channels = new("--channels") { Description = "Channels C of the first stage (spos, darts) or of the first cells (darts-space; the paper's search: 16); chain has its own skeleton.", DefaultValueFactory = _ => 16 };
    private static readonly Option<int> Cells = new("--cells") { Description = "Cells N per stage (spos, darts).", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> Steps = new("--steps") { Description = "Timed steps.", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed warm-up steps.", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> Threads = new("--threads") { Description = "Kernel threads.", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of weights, inputs and sampled paths.", DefaultValueFactory = _ => 0 };
    private static readonly Option<bool> Profile = new("--profile") { Description = "Also print the time per op (forward and backward, per op kind and per output shape) over the timed steps; the timing adds a little to the step." };

    public static Command Create()
    {
        var command = new Command("engine", "Time supernet training steps (the PyTorch reference scripts' networks, batch 64 x 3 x 32 x 32).");
        foreach (var option in new Option[] { Mode, Batch, Channels, Cells, Steps, Warmup, Threads, Seed, Profile })
        {
            command.Options.Add(option);
        }

        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult r)
    {
        var output = r.InvocationConfiguration.Output;
        var name = r.GetValue(Mode);
        var mode = EngineBenchmarkOptions.ParseMode(name)
            ?? throw new ArgumentException($"bench engine: unknown mode '{name}' (expected {string.Join(", ", EngineBenchmarkOptions.ModeNames)}).");
        var options = new EngineBenchmarkOptions(mode, r.GetValue(Batch), r.GetValue(Channels), r.GetValue(Cells), r.GetValue(Steps), r.GetValue(Warmup), r.GetValue(Threads), Seed: r.GetValue(Seed), Profile: r.GetValue(Profile));
        var result = EngineBenchmark.Run(options, message => output.WriteLine(message));
        if (result.Profile is { } profile)
        {
            foreach (var line in EngineProfileTable.Format(profile, options.Steps))
            {
                output.WriteLine(line);
            }
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(c, "mode={0} threads={1} vector_bits={9} batch={2} step_ms={3:F1} cpu_ms_per_step={10:F1} img_per_s={4:F1} gflops={5:F1} alloc_per_step={6:F0} KB peak_ws={7:F0} MB loss={8:F4}", result.Mode, options.Threads, options.Batch, result.MillisecondsPerStep, result.ImagesPerSecond, result.GigaflopsPerSecond, result.AllocatedBytesPerStep / 1024.0, result.PeakWorkingSetBytes / 1048576.0, result.FinalLoss, NasSharp.Kernels.SimdWidth.Bits, result.CpuMillisecondsPerStep));
        output.WriteLine(NasSharp.Store.OutputJson.SerializeLine(new
        {
            engine = "nassharp",
            mode = result.Mode,
            threads = options.Threads,
            batch = options.Batch,
            channels = options.Channels,
            cells = options.CellsPerStage,
            steps = options.Steps,
            step_ms = Math.Round(result.MillisecondsPerStep, 2),
            cpu_ms_per_step = Math.Round(result.CpuMillisecondsPerStep, 2),
            img_per_s = Math.Round(result.ImagesPerSecond, 2),
            gflops = Math.Round(result.GigaflopsPerSecond, 2),
            alloc_bytes_per_step = result.AllocatedBytesPerStep,
            peak_working_set_bytes = result.PeakWorkingSetBytes,
        }));
        return 0;
    }
}
