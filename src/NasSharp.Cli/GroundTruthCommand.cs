using System.CommandLine;
using System.Globalization;
using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas groundtruth</c>: trains a fixed, stratified sample of NAS-Bench-201 architectures (or, with <c>--space
/// chain</c>, of chain architectures stratified by the block of layer 0) stand-alone with one recipe and writes their
/// accuracies as a table (<see cref="GroundTruthTable"/>, readable by <c>nas rank</c>; the NB201 one also as a
/// <c>--table</c>). Each architecture is a <c>groundtruth</c> unit in the experiment store (study per output file):
/// this process enqueues the missing ones and, by default, trains them itself while any <c>nas worker</c> may take
/// some too; with <c>--workers external</c> it only enqueues. Rows are appended as units
/// finish; rerunning the same command skips what is done and collects what workers finished, so a killed run
/// resumes where it stopped.
/// </summary>
internal static class GroundTruthCommand
{
    public static Command Create()
    {
        var data = SupernetCliOptions.Data();
        var space = new Option<string>("--space") { Description = "Space of the architectures: nb201 (cells of --channels/--cells) or chain (ShuffleNetV2 blocks, the chain space's skeleton as nas supernet train --space chain uses it).", DefaultValueFactory = _ => "nb201" };
        var dataset = new Option<string>("--dataset") { Description = $"Dataset: {string.Join(", ", DatasetCatalog.Names)}.", DefaultValueFactory = _ => "synthetic" };
        var sample = new Option<int>("--sample") { Description = "Architectures, stratified with equal allocation: NB201 by convolution count (0..6), chain by the block of layer 0 (the row its few-shot split fixes).", DefaultValueFactory = _ => 64 };
        var archs = new Option<string[]>("--genotype") { Description = "Train these architectures instead of a sample (repeatable; chain genotypes as [3x3, 5x5, ...] with --space chain).", AllowMultipleArgumentsPerToken = true };
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

        var command = new Command("groundtruth", "Train a stratified sample of NAS-Bench-201 (or chain) architectures stand-alone and write their accuracies: the ground truth for nas rank.");
        Option[] options = [space, dataset, data, sample, archs, epochs, channels, cells, trainImages, validImages, testImages, batchSize, lr, seed, sampleSeed, output, store, name, workers, SupernetCliOptions.Threads()];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "groundtruth", writer =>
        {
            var kind = SupernetCliOptions.ParseSpace(r.GetValue(space)!);
            var isChain = kind == SearchSpaceKind.Chain;
            if (isChain && (SupernetCliOptions.Given(r, channels) ?? SupernetCliOptions.Given(r, cells)) is { } nb201Only)
            {
                throw new ArgumentException($"{nb201Only} sizes NAS-Bench-201 cell networks; leave it out with --space chain (the chain skeleton is the chain space's)");
            }

            var unit = new GroundTruthUnit
            {
                Dataset = DatasetCatalog.NameOf(DatasetCatalog.Parse(r.GetValue(dataset)!)),
                // A --data given is recorded for the workers; without it each worker uses its own $NASSHARP_DATA.
                Data = r.GetValue(data) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null,
                TrainImages = r.GetValue(trainImages),
                ValidImages = r.GetValue(validImages),
                TestImages = r.GetValue(testImages),
                BatchSize = r.GetValue(batchSize),
                Channels = isChain ? 0 : Positive(r.GetValue(channels), "channels"),
                Cells = isChain ? 0 : Positive(r.GetValue(cells), "cells"),
                Epochs = Positive(r.GetValue(epochs), "epochs"),
                LearningRate = r.GetValue(lr),
                Seed = r.GetValue(seed),
            };
            var loaded = FewShotData.Load(unit.Dataset, SupernetCliOptions.DataDirectory(unit.Data), unit.DataOptions);
            if (isChain)
            {
                unit = unit with { Space = SearchSpaceKind.Chain, Chain = ChainSupernetSpace.DefaultSkeleton(loaded.Train.ClassCount, loaded.Train.Channels) };
            }

            var genotypes = Architectures(r.GetValue(archs), unit, r.GetValue(sample), r.GetValue(sampleSeed) ?? r.GetValue(seed));
            var path = TablePath(r.GetValue(output)!);
            var table = new GroundTruthTable(path, kind);
            using var opened = StoreCliOptions.Open(r.GetValue(store));
            var study = GroundTruthStudy.Open(opened, r.GetValue(name) ?? GroundTruthStudy.DefaultName(r.GetValue(output)!), unit, path);
            var queued = GroundTruthStudy.EnqueueMissing(opened, study, genotypes, table.Done, unit);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ground truth: {genotypes.Count} {(isChain ? "chain " : string.Empty)}architectures ({table.Done.Count} already in {path}, {queued} enqueued in study {study.Name} of {opened.Description}), {loaded.Dataset} {loaded.Train.Count} training / {loaded.Test.Count} test images, {(unit.Chain is { } chain ? $"chain skeleton of {chain.Layers} layers" : $"C={unit.Channels} N={unit.Cells}")}, {unit.Epochs} epochs, lr {unit.LearningRate}, seed {unit.Seed}"));
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

    /// <summary>
    /// The architectures' text: the --genotype values of the unit's space (an architecture of another space, or a chain
    /// genotype of another depth, is one line naming it), else the stratified sample of the space.
    /// </summary>
    private static IReadOnlyList<string> Architectures(string[]? given, GroundTruthUnit unit, int sample, int sampleSeed)
    {
        if (unit.Chain is { } skeleton)
        {
            var chain = new ChainSupernetSpace(skeleton);
            return given is { Length: > 0 }
                ? [.. given.Select(g => chain.TryParse(g, out var genotype) ? genotype.ToString() : throw new ArgumentException($"--genotype '{g}' is not {chain.ArchitectureForm}, the architectures of --space chain")).Distinct()]
                : [.. ArchitectureSample.StratifiedByFirstLayer(skeleton.Layers, sample, sampleSeed).Select(g => g.ToString())];
        }

        return given is { Length: > 0 }
            ? [.. given.Select(Nb201Genotype.Parse).Distinct().Select(g => g.ToString())]
            : [.. ArchitectureSample.StratifiedByConvolutions(sample, sampleSeed).Select(g => g.ToString())];
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
