using System.CommandLine;
using System.Globalization;
using NasSharp.EngineBench;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas bench engine</c>: training steps of the supernet of a PyTorch reference script under benchmarks/,
/// printing images/s (tokens/s in lm), ms/step, GFLOP/s, allocation per step after warm-up, peak working set, and a JSON line; with
/// <c>--profile</c>, first the time per op.
/// </summary>
internal static class EngineBenchCommand
{
    private static readonly Option<string> Mode = new("--mode") { Description = "spos (NAS-Bench-201, one sampled op per edge), darts (NAS-Bench-201, softmax-weighted sum of all ops), chain (ShuffleNetV2-block supernet, one sampled block per layer as DSNAS trains it), darts-space (DARTS search network, 8 cells) or lm (word-level language model: 2-layer LSTM, or --genotype's searched cell).", DefaultValueFactory = _ => "spos" };
    private static readonly Option<int?> Batch = new("--batch-size") { Description = "Images per step (default 64), or token columns per step in lm (default 20)." };
    private static readonly Option<int> Channels = new("--channels") { Description = "Channels C of the first stage (spos, darts) or of the first cells (darts-space; the paper's search: 16); chain has its own skeleton.", DefaultValueFactory = _ => 16 };
    private static readonly Option<int> Cells = new("--cells") { Description = "Cells N per stage (spos, darts).", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> ImageSize = new("--image-size") { Description = "Height and width of the input images (spos, darts, chain, darts-space): 32 as the reference scripts, 28 for the Fashion-MNIST experiments' planes (28, 14, 7); a multiple of 4.", DefaultValueFactory = _ => 32 };
    private static readonly Option<int> Steps = new("--steps") { Description = "Timed steps.", DefaultValueFactory = _ => 20 };
    private static readonly Option<int?> Warmup = new("--warmup") { Description = "Untimed warm-up steps (default 20 in spos and lm, 150 in chain, 3 in darts and darts-space: enough for .NET to finish optimising the step's code)." };
    private static readonly Option<int> Threads = new("--threads") { Description = "Kernel threads.", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of weights, inputs and sampled paths.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> Genotype = new("--genotype") { Description = "lm: a searched cell 'darts-rnn:...' or 'tib:...' in place of the LSTM (one cell layer, decoder tied to the embedding, as the recurrent search trains it)." };
    private static readonly Option<int> Hidden = new("--hidden") { Description = "lm: hidden and embedding size.", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> Layers = new("--layers") { Description = "lm: LSTM layers (a searched cell is one layer).", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> Bptt = new("--bptt") { Description = "lm: time steps per window.", DefaultValueFactory = _ => 35 };
    private static readonly Option<int> Vocabulary = new("--vocabulary") { Description = "lm: vocabulary size (random tokens).", DefaultValueFactory = _ => 10_000 };
    private static readonly Option<bool> Profile = new("--profile") { Description = "Also print the time per op (forward and backward, per op kind and per output shape) over the timed steps; the timing adds a little to the step." };

    public static Command Create()
    {
        var command = new Command("engine", "Time training steps of the PyTorch reference scripts' networks (supernets on batch 64 x 3 x 32 x 32; lm: a word-level language model on [35, 20] token windows).");
        foreach (var option in new Option[] { Mode, Batch, Channels, Cells, ImageSize, Steps, Warmup, Threads, Seed, Genotype, Hidden, Layers, Bptt, Vocabulary, Profile })
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
        var batch = r.GetValue(Batch) ?? (mode == EngineBenchmarkMode.Lm ? EngineBenchmarkOptions.LanguageModelBatch : 64);
        var options = new EngineBenchmarkOptions(mode, batch, r.GetValue(Channels), r.GetValue(Cells), r.GetValue(Steps), r.GetValue(Warmup) ?? EngineBenchmarkOptions.DefaultWarmupSteps(mode), r.GetValue(Threads), r.GetValue(ImageSize), r.GetValue(Seed), r.GetValue(Profile))
        {
            Genotype = r.GetValue(Genotype),
            Hidden = r.GetValue(Hidden),
            Layers = r.GetValue(Layers),
            Bptt = r.GetValue(Bptt),
            Vocabulary = r.GetValue(Vocabulary),
        };
        var result = EngineBenchmark.Run(options, message => output.WriteLine(message));
        if (result.Profile is { } profile)
        {
            foreach (var line in EngineProfileTable.Format(profile, options.Steps))
            {
                output.WriteLine(line);
            }
        }

        var c = CultureInfo.InvariantCulture;
        var lm = mode == EngineBenchmarkMode.Lm;
        var shape = lm
            ? string.Format(c, "hidden={0} layers={1} bptt={2} vocabulary={3}{4}", options.Hidden, options.Genotype == null ? options.Layers : 1, options.Bptt, options.Vocabulary, options.Genotype == null ? string.Empty : " genotype=" + options.Genotype)
            : string.Format(c, "channels={0} cells={1}{2}", options.Channels, options.CellsPerStage, options.ImageSize == 32 ? string.Empty : " image_size=" + options.ImageSize.ToString(c));
        output.WriteLine(string.Format(c, "mode={0} threads={1} vector_bits={9} batch={2} {11} step_ms={3:F1} cpu_ms_per_step={10:F1} {12}_per_s={4:F1} gflops={5:F1} alloc_per_step={6:F0} KB peak_ws={7:F0} MB loss={8:F4}", result.Mode, options.Threads, options.Batch, result.MillisecondsPerStep, result.ItemsPerSecond, result.GigaflopsPerSecond, result.AllocatedBytesPerStep / 1024.0, result.PeakWorkingSetBytes / 1048576.0, result.FinalLoss, NasSharp.Kernels.SimdWidth.Bits, result.CpuMillisecondsPerStep, shape, result.ItemName));

        // One JSON line, the same keys in every mode except the shape and the throughput (img_per_s or tok_per_s).
        var json = new Dictionary<string, object?> { ["engine"] = "nassharp", ["mode"] = result.Mode, ["threads"] = options.Threads, ["batch"] = options.Batch };
        if (lm)
        {
            json["genotype"] = options.Genotype;
            json["hidden"] = options.Hidden;
            json["layers"] = options.Genotype == null ? options.Layers : 1;
            json["bptt"] = options.Bptt;
            json["vocabulary"] = options.Vocabulary;
        }
        else
        {
            json["channels"] = options.Channels;
            json["cells"] = options.CellsPerStage;
            json["image_size"] = options.ImageSize;
        }

        json["steps"] = options.Steps;
        json["step_ms"] = Math.Round(result.MillisecondsPerStep, 2);
        json["cpu_ms_per_step"] = Math.Round(result.CpuMillisecondsPerStep, 2);
        json[result.ItemName + "_per_s"] = Math.Round(result.ItemsPerSecond, 2);
        json["gflops"] = Math.Round(result.GigaflopsPerSecond, 2);
        json["alloc_bytes_per_step"] = result.AllocatedBytesPerStep;
        json["peak_working_set_bytes"] = result.PeakWorkingSetBytes;
        output.WriteLine(NasSharp.Store.OutputJson.SerializeLine(json));
        return 0;
    }
}
