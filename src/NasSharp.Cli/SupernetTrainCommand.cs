using System.CommandLine;
using System.Globalization;
using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary><c>nas supernet train</c>: creates a supernet directory and trains (or resumes) its one-shot supernet.</summary>
internal static class SupernetTrainCommand
{
    private static readonly Option<string> Dir = SupernetCliOptions.Directory();
    private static readonly Option<string?> Data = SupernetCliOptions.Data();
    private static readonly Option<bool> Resume = SupernetCliOptions.Resume();
    private static readonly Option<string> Space = new("--space") { Description = "Space of the supernets: nb201 (NAS-Bench-201 cells, skeleton --channels/--cells) or chain (ShuffleNetV2 blocks, the chain space's skeleton as nas search --space chain uses it); recorded in supernet.json.", DefaultValueFactory = _ => "nb201" };
    private static readonly Option<string> Dataset = new("--dataset") { Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)}.", DefaultValueFactory = _ => "synthetic" };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Training epochs of the one-shot supernet.", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> Channels = new("--channels") { Description = "Skeleton width C (NAS-Bench-201: 16).", DefaultValueFactory = _ => CliDefaults.Channels };
    private static readonly Option<int> Cells = new("--cells") { Description = "Cells per stage N (NAS-Bench-201: 5).", DefaultValueFactory = _ => CliDefaults.Cells };
    private static readonly Option<int> TrainImages = new("--train-images") { Description = "Training images drawn from the training set (0: all not held out).", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> ValidImages = new("--valid-images") { Description = "Held-out images that score architectures.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<int> TestImages = new("--test-images") { Description = "Test images for stand-alone accuracy (0: all).", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => CliDefaults.BatchSize };
    private static readonly Option<float> LearningRate = new("--weight-lr") { Description = "Initial learning rate (cosine to 0 per step; SGD Nesterov 0.9, weight decay 5e-4).", DefaultValueFactory = _ => 0.05f };
    private static readonly Option<string> Sampling = new("--sampling") { Description = "uniform (SPOS: one path per step) or dropout (Bender: random path dropout).", DefaultValueFactory = _ => "uniform" };
    private static readonly Option<double> DropRate = new("--drop-rate") { Description = "Final path drop rate of --sampling dropout (ramped linearly from 0).", DefaultValueFactory = _ => 0.5 };
    private static readonly ChainSpaceOptions ChainDefaults = new();
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the initial weights, path sampling and data draw.", DefaultValueFactory = _ => 0 };

    public static Command Create()
    {
        var command = new Command("train", "Train (or --resume) the one-shot supernet of DIR; a checkpoint is written after every epoch.");
        Option[] options = [Dir, Space, Dataset, Data, Epochs, Channels, Cells, TrainImages, ValidImages, TestImages, BatchSize, LearningRate, Sampling, DropRate, Seed, Resume, SupernetCliOptions.Threads()];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "supernet train", output => Run(r, output)));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        var (directory, data) = OpenOrCreate(r, output);
        var m = directory.Manifest;
        var skeleton = directory.Space is ChainSupernetSpace chain ? $"chain space, {chain.Rows} layers" : $"C={m.Channels} N={m.CellsPerStage}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one-shot supernet in {directory.Path}: {m.Dataset} ({data.Train.Count} training, {data.Validation.Count} validation images), {skeleton}, {m.Training.Epochs} epochs, {(m.Training.Sampling == SupernetSampling.Uniform ? "uniform single-path" : "path-dropout")} sampling"));
        // One writer per supernet: a second process on the same directory stops with "in use by process P". The
        // run's status (status.json) is recorded by the invocation: complete, failed, or interrupted by a signal.
        System.IO.Directory.CreateDirectory(directory.Root.Directory);
        var run = NasSharp.Store.RunDirectory.Open(directory.Root.Directory);
        RunDataFiles.VerifyRecorded(directory.Path);
        RunDataFiles.Record(directory.Path);
        CliTermination.Resumable();
        var state = FewShotTraining.TrainOneShot(directory, data, r.GetValue(Resume), new SupernetProgressPrinter(output, "one-shot").Report);
        run.Complete();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"one-shot supernet trained: {state.CompletedEpochs} epochs, {state.Seconds:F0} s of training; weights in {Path.Combine(directory.Root.Directory, SupernetCheckpoint.WeightsFile)}"));
        return 0;
    }

    // With --resume an existing directory's manifest rules; otherwise the options make the manifest (an existing directory must match it).
    private static (SupernetDirectory Directory, FewShotData Data) OpenOrCreate(ParseResult r, TextWriter output)
    {
        var path = r.GetValue(Dir)!;
        if (r.GetValue(Resume) && SupernetDirectory.Exists(path))
        {
            var existing = SupernetDirectory.Open(path);
            output.WriteLine($"resuming {path} with the settings of its {SupernetDirectory.ManifestFile}");
            return (existing, SupernetCliOptions.LoadData(existing, r.GetValue(Data)));
        }

        var recipe = new SupernetTrainingOptions
        {
            Epochs = r.GetValue(Epochs),
            LearningRate = r.GetValue(LearningRate),
            Sampling = ParseSampling(r.GetValue(Sampling)!),
            MaxDropRate = r.GetValue(DropRate),
            Seed = r.GetValue(Seed),
        };
        var dataOptions = new FewShotDataOptions
        {
            TrainImages = r.GetValue(TrainImages),
            ValidationImages = r.GetValue(ValidImages),
            TestImages = r.GetValue(TestImages),
            BatchSize = r.GetValue(BatchSize),
            Seed = r.GetValue(Seed),
        };
        var kind = DatasetCatalog.Parse(r.GetValue(Dataset)!);
        var dataDirectory = kind == ImageDatasetKind.Synthetic ? null : SupernetCliOptions.DataDirectory(r.GetValue(Data));
        var sets = DatasetCatalog.Load(kind, dataDirectory);
        var space = SupernetCliOptions.ParseSpace(r.GetValue(Space)!);
        if (space == SearchSpaceKind.Chain && (SupernetCliOptions.Given(r, Channels) ?? SupernetCliOptions.Given(r, Cells)) is { } nb201Only)
        {
            throw new ArgumentException($"{nb201Only} sizes NAS-Bench-201 skeletons; the chain space's skeleton is fixed (stem {ChainDefaults.StemChannels}, stages [{string.Join(", ", ChainDefaults.StageChannels)}] of [{string.Join(", ", ChainDefaults.StageLayers)}] layers): leave {nb201Only} out with --space chain");
        }

        var manifest = space == SearchSpaceKind.Chain
            ? ChainManifest(DatasetCatalog.NameOf(kind), sets, dataOptions, recipe)
            : Manifest(DatasetCatalog.NameOf(kind), sets, dataOptions, recipe, r.GetValue(Channels), r.GetValue(Cells));
        // Only a --data given on the command line is remembered; data found through $NASSHARP_DATA is looked up there
        // again by each later command (on another machine the variable names that machine's copy).
        var remembered = kind == ImageDatasetKind.Synthetic || string.IsNullOrEmpty(r.GetValue(Data)) ? null : Path.GetFullPath(r.GetValue(Data)!);
        var directory = SupernetDirectory.Create(path, manifest with { DataDirectory = remembered });
        return (directory, FewShotData.From(directory.Manifest.Dataset, sets, directory.Manifest.Data));
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

    /// <summary>The manifest of a new chain-space directory: the chain skeleton (classes and input channels from the dataset) recorded in full.</summary>
    internal static SupernetManifest ChainManifest(string dataset, TrainTestSets sets, FewShotDataOptions data, SupernetTrainingOptions training)
    {
        training.Validate();
        data.Validate();
        return new SupernetManifest
        {
            Space = KindNames<SearchSpaceKind>.Name(SearchSpaceKind.Chain),
            Dataset = dataset,
            Data = data,
            Channels = 0,
            CellsPerStage = 0,
            Classes = sets.Train.ClassCount,
            InputChannels = sets.Train.Channels,
            Training = training,
            Chain = ChainSupernetSpace.DefaultSkeleton(sets.Train.ClassCount, sets.Train.Channels),
        };
    }

    internal static SupernetSampling ParseSampling(string name) => name switch
    {
        "uniform" => SupernetSampling.Uniform,
        "dropout" => SupernetSampling.PathDropout,
        _ => throw new ArgumentException($"unknown --sampling '{name}' (expected: uniform, dropout)"),
    };
}
