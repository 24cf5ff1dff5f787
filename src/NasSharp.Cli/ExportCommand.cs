using System.CommandLine;
using System.Globalization;
using NasSharp.Onnx;
using NasSharp.Search.Models;
using NasSharp.Tensors;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas export --model RUN|DIR --onnx [--out FILE] [--opset 17]</c>: writes the saved model as ONNX
/// (<see cref="OnnxExporter"/>: dynamic batch, weights as initializers, evaluation semantics), then loads the file
/// in ONNX Runtime and compares its logits with NasSharp's on random images, so every export is checked.
/// </summary>
internal static class ExportCommand
{
    /// <summary>Largest logit difference accepted by the check (float32 round-off across two engines is ~1e-5).</summary>
    public const float Tolerance = 1e-3f;

    /// <summary>The exported file's name in the --out directory.</summary>
    public const string FileName = "model.onnx";

    private static readonly Option<string> Model = new("--model") { Description = "A saved model: a run directory (RUN/model) or a model directory (model.json + weights.safetensors).", Required = true };
    private static readonly Option<bool> Onnx = new("--onnx") { Description = "Export to ONNX (the only format so far)." };
    private static readonly Option<string?> Out = new("--out") { Description = $"Directory to write {FileName} into (default: the model directory)." };
    private static readonly Option<int> Opset = new("--opset") { Description = $"ONNX opset, {OnnxExporter.MinimumOpset} to {OnnxExporter.DefaultOpset}.", DefaultValueFactory = _ => OnnxExporter.DefaultOpset };

    public static Command Create()
    {
        var command = new Command("export", "Export a saved model: 'nas export --model RUN --onnx' writes RUN/model/model.onnx and checks it in ONNX Runtime.");
        foreach (var option in new Option[] { Model, Onnx, Out, Opset })
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
            if (!r.GetValue(Onnx))
            {
                throw new ArgumentException("say which format: --onnx (the only one so far)");
            }

            var model = SavedModel.Load(r.GetValue(Model)!);
            var path = Path.Combine(OutDirectory(r.GetValue(Out)) ?? model.Directory, FileName);
            var bytes = OnnxExporter.Export(model.Network, model.Card.InputShape, r.GetValue(Opset), Metadata(model.Card));
            File.WriteAllBytes(path, bytes);
            var difference = Check(model, bytes);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "nas export: {0} ({1:N0} bytes, opset {2}, input [batch, {3}], output [batch, {4}])", path, bytes.Length, r.GetValue(Opset), string.Join(", ", model.Card.InputShape), model.Card.Classes));
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "checked in ONNX Runtime: max |logit difference| {0:G3} on 4 random images (tolerance {1:G3})", difference, Tolerance));
            if (difference > Tolerance)
            {
                r.InvocationConfiguration.Error.WriteLine("nas export: the exported model disagrees with NasSharp beyond the tolerance");
                return 1;
            }

            output.WriteLine($"next: nas bench infer --model {r.GetValue(Model)}");
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            r.InvocationConfiguration.Error.WriteLine($"nas export: {SearchCommand.OneLine(ex)}");
            return 2;
        }
    }

    /// <summary>--out is a directory, as in every verb; a path naming an .onnx file (its old meaning) gets a one-line hint.</summary>
    private static string? OutDirectory(string? given)
    {
        if (string.IsNullOrEmpty(given))
        {
            return null;
        }

        if (given.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--out is a directory (the file is written as DIR/{FileName}), got '{given}'; pass --out {(Path.GetDirectoryName(given) is { Length: > 0 } d ? d : ".")}");
        }

        Directory.CreateDirectory(given);
        return given;
    }

    /// <summary>The ONNX Runtime check: largest logit difference on 4 fixed-seed random images.</summary>
    internal static float Check(SavedModel model, byte[] bytes)
    {
        var shape = model.Card.InputShape;
        var images = Tensor.RandomNormal(new Random(0), 0f, 1f, 4, shape[0], shape[1], shape[2]);
        using var runner = new OnnxRuntimeRunner(bytes, threads: 1);
        return runner.MaxDifference(model.Network, images);
    }

    /// <summary>What a consumer of the .onnx file needs besides the graph: the genotype and the input normalisation.</summary>
    internal static Dictionary<string, string> Metadata(ModelCard card)
    {
        var metadata = new Dictionary<string, string>
        {
            ["space"] = GenotypeText.Name(card.Space),
            ["genotype"] = card.Genotype,
            ["input_shape"] = string.Join(",", card.InputShape),
            ["classes"] = card.Classes.ToString(CultureInfo.InvariantCulture),
        };
        if (card.Normalization is { } n)
        {
            metadata["normalization_mean"] = string.Join(",", n.Mean.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            metadata["normalization_std"] = string.Join(",", n.Std.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        }

        return metadata;
    }
}
