using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using NasSharp.Kernels;
using NasSharp.NN;
using NasSharp.Onnx;
using NasSharp.Search.Models;
using NasSharp.Store;
using NasSharp.Tensors;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas bench infer --model RUN|DIR [--threads N]</c>: evaluation-mode inference of a saved model in NasSharp and of
/// its ONNX export in ONNX Runtime (CPU provider), side by side in one process on the same random images, at batch 1
/// and 64, with the same thread count for both. Each measurement warms up, then repeats for --seconds (at least 3
/// runs) and reports images/s; the ratio is ONNX Runtime's rate over NasSharp's.
/// </summary>
internal static class InferenceBenchCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "A saved model: a run directory (RUN/model) or a model directory.", Required = true };
    private static readonly Option<int?> Threads = new("--threads") { Description = "Threads for both engines (default: all cores)." };
    private static readonly Option<double> Seconds = new("--seconds") { Description = "Timed seconds per engine and batch size.", DefaultValueFactory = _ => 3.0 };

    private static readonly int[] BatchSizes = [1, 64];

    public static Command Create()
    {
        var command = new Command("infer", "NasSharp vs ONNX Runtime inference of a saved model, batch 1 and 64: 'nas bench infer --model RUN'.");
        foreach (var option in new Option[] { Model, Threads, Seconds })
        {
            command.Options.Add(option);
        }

        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult r)
    {
        var output = r.InvocationConfiguration.Output;
        try
        {
            var threads = r.GetValue(Threads) ?? Environment.ProcessorCount;
            var seconds = r.GetValue(Seconds);
            if (threads <= 0 || !(seconds > 0))
            {
                throw new ArgumentException(FormattableString.Invariant($"--threads ({threads}) and --seconds ({seconds}) must be positive"));
            }

            KernelParallel.ThreadCount = threads;
            var model = SavedModel.Load(r.GetValue(Model)!);
            using var runner = new OnnxRuntimeRunner(OnnxExporter.Export(model.Network, model.Card.InputShape), threads);
            var c = CultureInfo.InvariantCulture;
            output.WriteLine($"nas bench infer: {model.Card.Genotype} ({GenotypeText.Name(model.Card.Space)}, {model.Card.Params:N0} parameters, input [{string.Join(", ", model.Card.InputShape)}]), {threads} threads, {seconds.ToString(c)} s per measurement");
            output.WriteLine("| batch | NasSharp img/s | ONNX Runtime img/s | ONNX Runtime / NasSharp |");
            output.WriteLine("|---:|---:|---:|---:|");
            var rows = new List<object>();
            foreach (var batch in BatchSizes)
            {
                var images = Tensor.RandomNormal(new Random(batch), 0f, 1f, [batch, .. model.Card.InputShape]);
                var nasSharp = Rate(batch, seconds, () => Forward(model.Network, images));
                var input = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input", new DenseTensor(images.ToArray(), images.Shape.ToArray())) };
                var onnx = Rate(batch, seconds, () => runner.Run(input));
                output.WriteLine(string.Format(c, "| {0} | {1:F1} | {2:F1} | {3:F2} |", batch, nasSharp, onnx, onnx / nasSharp));
                rows.Add(new { batch, nassharp_images_per_second = Math.Round(nasSharp, 1), onnxruntime_images_per_second = Math.Round(onnx, 1), ratio = Math.Round(onnx / nasSharp, 3) });
            }

            output.WriteLine(OutputJson.SerializeLine(new { model = model.Directory, threads, rows }));
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            r.InvocationConfiguration.Error.WriteLine($"nas bench infer: {SearchCommand.OneLine(ex)}");
            return 2;
        }
    }

    private static void Forward(Module network, Tensor images)
    {
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        network.Forward(images);
    }

    /// <summary>Images per second of <paramref name="run"/> on batches of <paramref name="batch"/>: two warm-up runs, then timed runs until <paramref name="seconds"/> pass (at least 3).</summary>
    private static double Rate(int batch, double seconds, Action run)
    {
        run();
        run();
        var clock = Stopwatch.StartNew();
        var runs = 0;
        while (runs < 3 || clock.Elapsed.TotalSeconds < seconds)
        {
            run();
            runs++;
        }

        return runs * batch / clock.Elapsed.TotalSeconds;
    }
}
