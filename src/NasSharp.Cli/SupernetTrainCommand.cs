using System.CommandLine;
using System.Globalization;
using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary><c>nas supernet train</c>: creates a supernet directory and trains (or resumes) its one-shot supernet.</summary>
internal static class SupernetTrainCommand
{
    public static Command Create()
    {
        var dir = SupernetCliOptions.Directory();
        var data = SupernetCliOptions.Data();
        var resume = SupernetCliOptions.Resume();
        var dataset = new Option<string>("--dataset") { Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)}.", DefaultValueFactory = _ => "synthetic" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs of the one-shot supernet.", DefaultValueFactory = _ => 10 };
        var channels = new Option<int>("--channels") { Description = "Skeleton width C (NAS-Bench-201: 16).", DefaultValueFactory = _ => 8 };
        var cells = new Option<int>("--cells") { Description = "Cells per stage N (NAS-Bench-201: 5).", DefaultValueFactory = _ => 1 };
        var trainImages = new Option<int>("--train-images") { Description = "Training images drawn from the training set (0: all not held out).", DefaultValueFactory = _ => 0 };
        var validImages = new Option<int>("--valid-images") { Description = "Held-out images that score architectures.", DefaultValueFactory = _ => 1000 };
        var testImages = new Option<int>("--test-images") { Description = "Test images for stand-alone accuracy (0: all).", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 64 };
        var lr = new Option<float>("--lr") { Description = "Initial learning rate (cosine to 0 per step; SGD Nesterov 0.9, weight decay 5e-4).", DefaultValueFactory = _ => 0.05f };
        var sampling = new Option<string>("--sampling") { Description = "uniform (SPOS: one path per step) or dropout (Bender: random path dropout).", DefaultValueFactory = _ => "uniform" };
        var dropRate = new Option<double>("--drop-rate") { Description = "Final path drop rate of --sampling dropout (ramped linearly from 0).", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, path sampling and data draw.", DefaultValueFactory = _ => 0 };

        var command = new Command("train", "Train (or --resume) the one-shot supernet of DIR; a checkpoint is written after every epoch.");
        Option[] options = [dir, dataset, data, epochs, channels, cells, trainImages, validImages, testImages, batchSize, lr, sampling, dropRate, seed, resume];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "supernet train", output =>
        {
            var path = r.GetValue(dir)!;
            SupernetDirectory directory;
            FewShotData loaded;
            if (r.GetValue(resume) && SupernetDirectory.Exists(path))
            {
                directory = SupernetDirectory.Open(path);
                output.WriteLine($"resuming {path} with the settings of its {SupernetDirectory.ManifestFile}");
                loaded = SupernetCliOptions.LoadData(directory, r.GetValue(data));
            }
            else
            {
                var recipe = new SupernetTrainingOptions
                {
                    Epochs = r.GetValue(epochs),
                    LearningRate = r.GetValue(lr),
                    Sampling = ParseSampling(r.GetValue(sampling)!),
                    MaxDropRate = r.GetValue(dropRate),
                    Seed = r.GetValue(seed),
                };
                var dataOptions = new FewShotDataOptions
                {
                    TrainImages = r.GetValue(trainImages),
                    ValidationImages = r.GetValue(validImages),
                    TestImages = r.GetValue(testImages),
                    BatchSize = r.GetValue(batchSize),
                    Seed = r.GetValue(seed),
                };
                var kind = DatasetCatalog.Parse(r.GetValue(dataset)!);
                var sets = DatasetCatalog.Load(kind, SupernetCliOptions.DataDirectory(r.GetValue(data)));
                directory = SupernetDirectory.Create(path, Manifest(DatasetCatalog.NameOf(kind), sets, dataOptions, recipe, r.GetValue(channels), r.GetValue(cells)));
                loaded = FewShotData.From(directory.Manifest.Dataset, sets, directory.Manifest.Data);
            }

            var m = directory.Manifest;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one-shot supernet in {directory.Path}: {m.Dataset} ({loaded.Train.Count} training, {loaded.Validation.Count} validation images), C={m.Channels} N={m.CellsPerStage}, {m.Training.Epochs} epochs, {(m.Training.Sampling == SupernetSampling.Uniform ? "uniform single-path" : "path-dropout")} sampling"));
            var printer = new SupernetProgressPrinter(output, "one-shot");
            var state = FewShotTraining.TrainOneShot(directory, loaded, r.GetValue(resume), printer.Report);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one-shot supernet trained: {state.CompletedEpochs} epochs, {state.Seconds:F0} s of training; weights in {Path.Combine(directory.Root.Directory, SupernetCheckpoint.WeightsFile)}"));
            return 0;
        }));
        return command;
    }

    /// <summary>The manifest for a new directory; the skeleton's input channels and classes come from the dataset.</summary>
    internal static SupernetManifest Manifest(string dataset, TrainTestSets sets, FewShotDataOptions data, SupernetTrainingOptions training, int channels, int cells)
    {
        training.Validate();
        data.Validate();
        if (sets.Train.Height % 4 != 0 || sets.Train.Width % 4 != 0)
        {
            throw new ArgumentException($"--dataset {dataset}: images of {sets.Train.Height}x{sets.Train.Width} cannot pass two stride-2 reductions; sides must be divisible by 4");
        }

        return new SupernetManifest
        {
            Dataset = dataset,
            Data = data,
            Channels = channels > 0 ? channels : throw new ArgumentException($"--channels must be positive, got {channels}"),
            CellsPerStage = cells > 0 ? cells : throw new ArgumentException($"--cells must be positive, got {cells}"),
            Classes = sets.Train.ClassCount,
            InputChannels = sets.Train.Channels,
            Training = training,
        };
    }

    internal static SupernetSampling ParseSampling(string name) => name switch
    {
        "uniform" => SupernetSampling.Uniform,
        "dropout" => SupernetSampling.PathDropout,
        _ => throw new ArgumentException($"unknown --sampling '{name}' (expected: uniform, dropout)"),
    };
}
