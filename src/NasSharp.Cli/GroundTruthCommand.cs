using System.CommandLine;
using System.Globalization;
using System.Text;
using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas groundtruth</c>: trains a fixed, stratified sample of NAS-Bench-201 architectures stand-alone with one
/// recipe and writes their accuracies as a table (<c>arch</c>, <c>op_indices</c> and numeric columns, readable by
/// <c>nas rank</c> and as a <c>--table</c>). Rows are appended as each architecture finishes; rerunning the same
/// command skips the architectures already in the file, so a killed run resumes where it stopped.
/// </summary>
internal static class GroundTruthCommand
{
    private const string Header = "arch,op_indices,conv_count,test_accuracy,valid_accuracy,train_accuracy,test_loss,train_seconds";

    public static Command Create()
    {
        var data = SupernetCliOptions.Data();
        var dataset = new Option<string>("--dataset") { Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)}.", DefaultValueFactory = _ => "synthetic" };
        var sample = new Option<int>("--sample") { Description = "Architectures, stratified by convolution count (0..6, equal allocation).", DefaultValueFactory = _ => 64 };
        var archs = new Option<string[]>("--arch") { Description = "Train these architectures instead of a sample (repeatable).", AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs per architecture.", DefaultValueFactory = _ => 2 };
        var channels = new Option<int>("--channels") { Description = "Skeleton width C.", DefaultValueFactory = _ => 8 };
        var cells = new Option<int>("--cells") { Description = "Cells per stage N.", DefaultValueFactory = _ => 1 };
        var trainImages = new Option<int>("--train-images") { Description = "Training images (0: all not held out).", DefaultValueFactory = _ => 0 };
        var validImages = new Option<int>("--valid-images") { Description = "Held-out images (valid_accuracy).", DefaultValueFactory = _ => 1000 };
        var testImages = new Option<int>("--test-images") { Description = "Test images, the first of the test set (0: all).", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 64 };
        var lr = new Option<float>("--lr") { Description = "Initial learning rate (cosine to 0; SGD Nesterov 0.9, weight decay 5e-4).", DefaultValueFactory = _ => 0.05f };
        var seed = new Option<int>("--seed") { Description = "Seed of the sample, the data draw and every network's training.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "CSV file to write (appended to when it exists: finished architectures are skipped).", Required = true };

        var command = new Command("groundtruth", "Train a stratified sample of NAS-Bench-201 architectures stand-alone and write their accuracies: the ground truth for nas rank.");
        Option[] options = [dataset, data, sample, archs, epochs, channels, cells, trainImages, validImages, testImages, batchSize, lr, seed, output];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "groundtruth", writer =>
        {
            var genotypes = r.GetValue(archs) is { Length: > 0 } given ? given.Select(Nb201Genotype.Parse).Distinct().ToList() : ArchitectureSample.StratifiedByConvolutions(r.GetValue(sample), r.GetValue(seed));
            var (e, c, n, rate, s) = (Positive(r.GetValue(epochs), "epochs"), Positive(r.GetValue(channels), "channels"), Positive(r.GetValue(cells), "cells"), r.GetValue(lr), r.GetValue(seed));
            var dataOptions = new FewShotDataOptions { TrainImages = r.GetValue(trainImages), ValidationImages = r.GetValue(validImages), TestImages = r.GetValue(testImages), BatchSize = r.GetValue(batchSize), Seed = s };
            var loaded = FewShotData.Load(r.GetValue(dataset)!, SupernetCliOptions.DataDirectory(r.GetValue(data)), dataOptions);
            var path = r.GetValue(output)!;
            var done = ExistingArchitectures(path);
            var todo = genotypes.Where(g => !done.Contains(g.ToString())).ToList();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ground truth: {genotypes.Count} architectures ({done.Count} already in {path}), {loaded.Dataset} {loaded.Train.Count} training / {loaded.Test.Count} test images, C={c} N={n}, {e} epochs, lr {rate}, seed {s}"));
            for (var i = 0; i < todo.Count; i++)
            {
                var result = StandaloneTraining.Train(todo[i], loaded, c, n, e, rate, s);
                Append(path, result);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{done.Count + i + 1}/{genotypes.Count}] test {result.TestAccuracy:F2}%  valid {result.ValidationAccuracy:F2}%  {result.Seconds:F0} s  {result.Genotype}"));
            }

            writer.WriteLine($"ground truth written to {path}");
            return 0;
        }));
        return command;
    }

    private static HashSet<string> ExistingArchitectures(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidDataException($"{path} exists but is not a ground-truth table of this format (header '{Header}'); choose another --out");
        }

        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
    }

    // One flushed line per architecture: a killed run loses at most the architecture in training.
    private static void Append(string path, StandaloneResult r)
    {
        var fresh = !File.Exists(path);
        using var stream = new StreamWriter(path, append: true, new UTF8Encoding(false)) { NewLine = "\n" };
        if (fresh)
        {
            stream.WriteLine(Header);
        }

        stream.WriteLine(string.Join(',',
            r.Genotype.ToString(),
            r.Genotype.ToOpIndices(),
            ArchitectureSample.ConvolutionCount(r.Genotype).ToString(CultureInfo.InvariantCulture),
            F(r.TestAccuracy), F(r.ValidationAccuracy), F(r.TrainAccuracy), F(r.TestLoss), F(r.Seconds)));
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int Positive(int value, string name) => value > 0 ? value : throw new ArgumentException($"--{name} must be positive, got {value}");
}
