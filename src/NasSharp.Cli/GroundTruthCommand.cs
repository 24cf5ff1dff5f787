using System.CommandLine;
using System.Globalization;
using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas groundtruth</c>: trains a fixed, stratified sample of NAS-Bench-201 architectures stand-alone with one
/// recipe and writes their accuracies as a table (<c>arch</c>, <c>op_indices</c> and numeric columns, readable by
/// <c>nas rank</c> and as a <c>--table</c>). Each architecture is a <c>groundtruth</c> unit in the experiment store
/// (study per output file): this process enqueues the missing ones and, by default, trains them itself while any
/// <c>nas worker</c> may take some too; with <c>--workers external</c> it only enqueues. Rows are appended as units
/// finish; rerunning the same command skips what is done and collects what workers finished, so a killed run
/// resumes where it stopped.
/// </summary>
internal static class GroundTruthCommand
{
    public static Command Create()
    {
        var data = SupernetCliOptions.Data();
        var dataset = new Option<string>("--dataset") { Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)}.", DefaultValueFactory = _ => "synthetic" };
        var sample = new Option<int>("--sample") { Description = "Architectures, stratified by convolution count (0..6, equal allocation).", DefaultValueFactory = _ => 64 };
        var archs = new Option<string[]>("--genotype") { Description = "Train these architectures instead of a sample (repeatable).", AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs per architecture.", DefaultValueFactory = _ => 2 };
        var channels = new Option<int>("--channels") { Description = "Skeleton width C.", DefaultValueFactory = _ => CliDefaults.Channels };
        var cells = new Option<int>("--cells") { Description = "Cells per stage N.", DefaultValueFactory = _ => CliDefaults.Cells };
        var trainImages = new Option<int>("--train-images") { Description = "Training images (0: all not held out).", DefaultValueFactory = _ => 0 };
        var validImages = new Option<int>("--valid-images") { Description = "Held-out images (valid_accuracy).", DefaultValueFactory = _ => 1000 };
        var testImages = new Option<int>("--test-images") { Description = "Test images, the first of the test set (0: all).", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => CliDefaults.BatchSize };
        var lr = new Option<float>("--weight-lr") { Description = "Initial learning rate (cosine to 0; SGD Nesterov 0.9, weight decay 5e-4).", DefaultValueFactory = _ => 0.05f };
        var seed = new Option<int>("--seed") { Description = "Seed of the data draw and every network's training (and of the sample, unless --sample-seed).", DefaultValueFactory = _ => 0 };
        var sampleSeed = new Option<int?>("--sample-seed") { Description = "Seed of the stratified sample (default: --seed); give the same one to train the same architectures with another --seed." };
        var output = new Option<string>("--out") { Description = $"Directory of the table, written as DIR/{GroundTruthTable.FileName} (appended to when it exists: finished architectures are skipped).", Required = true };
        var store = StoreCliOptions.Store();
        var name = new Option<string?>("--name") { Description = "Study name in the store (default: derived from --out)." };
        var workers = new Option<GroundTruthWorkers>("--workers") { Description = "local: train the units here (nas worker processes may help); external: only enqueue them for nas worker.", DefaultValueFactory = _ => GroundTruthWorkers.Local };

        var command = new Command("groundtruth", "Train a stratified sample of NAS-Bench-201 architectures stand-alone and write their accuracies: the ground truth for nas rank.");
        Option[] options = [dataset, data, sample, archs, epochs, channels, cells, trainImages, validImages, testImages, batchSize, lr, seed, sampleSeed, output, store, name, workers, SupernetCliOptions.Threads()];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "groundtruth", writer =>
        {
            var genotypes = r.GetValue(archs) is { Length: > 0 } given ? given.Select(Nb201Genotype.Parse).Distinct().ToList() : ArchitectureSample.StratifiedByConvolutions(r.GetValue(sample), r.GetValue(sampleSeed) ?? r.GetValue(seed));
            var unit = new GroundTruthUnit
            {
                Dataset = DatasetCatalog.NameOf(DatasetCatalog.Parse(r.GetValue(dataset)!)),
                // A --data given is recorded for the workers; without it each worker uses its own $NASSHARP_DATA.
                Data = r.GetValue(data) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null,
                TrainImages = r.GetValue(trainImages),
                ValidImages = r.GetValue(validImages),
                TestImages = r.GetValue(testImages),
                BatchSize = r.GetValue(batchSize),
                Channels = Positive(r.GetValue(channels), "channels"),
                Cells = Positive(r.GetValue(cells), "cells"),
                Epochs = Positive(r.GetValue(epochs), "epochs"),
                LearningRate = r.GetValue(lr),
                Seed = r.GetValue(seed),
            };
            var path = TablePath(r.GetValue(output)!);
            var table = new GroundTruthTable(path);
            var loaded = FewShotData.Load(unit.Dataset, SupernetCliOptions.DataDirectory(unit.Data), unit.DataOptions);
            using var opened = StoreCliOptions.Open(r.GetValue(store));
            var study = GroundTruthStudy.Open(opened, r.GetValue(name) ?? GroundTruthStudy.DefaultName(r.GetValue(output)!), unit, path);
            var queued = GroundTruthStudy.EnqueueMissing(opened, study, genotypes, table.Done, unit);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ground truth: {genotypes.Count} architectures ({table.Done.Count} already in {path}, {queued} enqueued in study {study.Name} of {opened.Description}), {loaded.Dataset} {loaded.Train.Count} training / {loaded.Test.Count} test images, C={unit.Channels} N={unit.Cells}, {unit.Epochs} epochs, lr {unit.LearningRate}, seed {unit.Seed}"));
            void Collect() => table.AppendFinished(opened.Trials(study.Id, TrialState.Complete), genotypes.Count, writer);
            Collect();
            if (r.GetValue(workers) == GroundTruthWorkers.External)
            {
                writer.WriteLine($"units are queued: start workers with `nas worker --store \"{opened.Description}\"`, then rerun this command to collect the table");
                return 0;
            }

            var executor = new GroundTruthUnitExecutor(r.GetValue(data));
            executor.Preload(unit, loaded);

            // On a signal the worker gives its unit back to the queue; running the same command again finishes the table.
            CliTermination.Resumable(withResumeOption: false);
            var report = new WorkerLoop(opened, new UnitExecutorRegistry().Add(executor), new WorkerOptions { StudyId = study.Id, UntilStudyDone = true },
                new ProgressCallback<WorkerEvent>(e => Collect(), safePoint: false)).Run(CliTermination.Token);
            Collect();
            CliTermination.SafePoint();
            var failed = opened.Trials(study.Id, TrialState.Failed).Where(t => !table.Done.Contains(t.Genotype)).ToList();
            foreach (var trial in failed)
            {
                writer.WriteLine($"failed: {trial.Genotype}: {trial.Error}");
            }

            opened.SetStudyStatus(study.Id, failed.Count == 0 ? StudyStatus.Complete : StudyStatus.Failed);
            writer.WriteLine($"ground truth written to {path} ({report.Completed} trained here); next: nas rank SUPERNET_DIR {r.GetValue(output)}");
            return failed.Count == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>The table inside the --out directory; an --out that names a .csv file (the old meaning) gets a one-line hint.</summary>
    internal static string TablePath(string directory)
    {
        if (directory.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--out is a directory (the table is written to DIR/{GroundTruthTable.FileName}), got '{directory}'; pass --out {Path.ChangeExtension(directory, null)}");
        }

        Directory.CreateDirectory(directory);
        return Path.Combine(directory, GroundTruthTable.FileName);
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new ArgumentException($"--{name} must be positive, got {value}");
}
