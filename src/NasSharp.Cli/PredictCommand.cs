using System.CommandLine;
using System.Globalization;
using NasSharp.Data;
using NasSharp.Search.Models;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas predict --model RUN|DIR [--dataset D] [--data DIR] [--out DIR]</c>: scores a saved model on a dataset's test
/// split (top-1 accuracy in percent and mean cross-entropy) with the card's normalisation; with <c>--out</c> also
/// writes predictions.csv (index, label, prediction, probability) there. The dataset defaults to the card's.
/// </summary>
internal static class PredictCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "A saved model: a run directory (RUN/model) or a model directory (model.json + weights.safetensors).", Required = true };
    private static readonly Option<string?> Dataset = new("--dataset") { Description = "Image dataset whose test split is scored (default: the one the model was trained on)." };
    private static readonly Option<string?> Data = new("--data") { Description = $"Data directory (default ${SearchCommand.DataEnvironmentVariable}); not needed for synthetic." };
    private static readonly Option<string?> Out = new("--out") { Description = "Directory to write predictions.csv into." };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 256 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary as the last line." };

    public static Command Create()
    {
        var command = new Command("predict", "Score a saved model on a test split, or write its predictions: 'nas predict --model RUN --dataset synthetic [--out DIR]'.");
        foreach (var option in new Option[] { Model, Dataset, Data, Out, BatchSize, Json })
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
            var batch = r.GetValue(BatchSize) is var b and > 0 ? b : throw new ArgumentException($"--batch-size must be positive, got {r.GetValue(BatchSize)}");
            var model = SavedModel.Load(r.GetValue(Model)!);
            var kind = DatasetCatalog.Parse(r.GetValue(Dataset) ?? model.Card.Dataset ?? throw new ArgumentException("the model card names no dataset: pass --dataset"));
            var directory = r.GetValue(Data) is { Length: > 0 } d ? d : Environment.GetEnvironmentVariable(SearchCommand.DataEnvironmentVariable);
            var test = DatasetCatalog.Load(kind, kind == ImageDatasetKind.Synthetic ? null : directory).Test;
            var score = ModelPrediction.Evaluate(model, test, batch);
            string? written = null;
            if (r.GetValue(Out) is { Length: > 0 } outDirectory)
            {
                written = WritePredictions(model, test, batch, outDirectory);
            }

            var c = CultureInfo.InvariantCulture;
            output.WriteLine(string.Format(c, "nas predict: {0} on {1} ({2} images): accuracy {3:F2}%, loss {4:F4}{5}", model.Card.Genotype, test.Name, score.Count, 100 * score.Accuracy, score.Loss, written is null ? string.Empty : "; predictions in " + written));
            if (r.GetValue(Json))
            {
                output.WriteLine(OutputJson.SerializeLine(new { model = model.Directory, dataset = DatasetCatalog.NameOf(kind), images = score.Count, test_accuracy = Math.Round(100 * score.Accuracy, 4), test_loss = Math.Round(score.Loss, 6), predictions = written }));
            }

            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            r.InvocationConfiguration.Error.WriteLine($"nas predict: {SearchCommand.OneLine(ex)}");
            return 2;
        }
    }

    private static string WritePredictions(SavedModel model, ImageDataset test, int batch, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "predictions.csv");
        using var csv = new CsvTableWriter(path, ["index", "label", "prediction", "probability"]);
        foreach (var p in ModelPrediction.Predict(model, test, batch))
        {
            csv.WriteRow(p.Index, p.Label, p.Prediction, Math.Round(p.Probability, 6));
        }

        return path;
    }
}
