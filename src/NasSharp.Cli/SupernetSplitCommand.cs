using System.CommandLine;
using System.Globalization;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas supernet split</c>: trains few-shot sub-supernets from their parent's saved weights: one (<c>--split K</c>)
/// or all of them. <c>--parent P</c> splits a sub-supernet further (recursion). Each sub-supernet is a
/// <c>supernet-split</c> unit in the experiment store (one study per directory and parent): this process enqueues the
/// missing ones and, by default, trains them itself while any <c>nas worker</c> that reaches the directory may take
/// some too; with <c>--workers external</c> it only enqueues. Rerunning the command reports what is done (and, by
/// default, trains or waits for the rest).
/// </summary>
internal static class SupernetSplitCommand
{
    public static Command Create()
    {
        var dir = SupernetCliOptions.Directory();
        var data = SupernetCliOptions.Data();
        var resume = SupernetCliOptions.Resume();
        resume.Description = "Continue a sub-supernet's checkpoint that the store has no unit for (trained before, or with another --store); a unit in the store always resumes from its checkpoint.";
        var edge = new Option<int>("--edge") { Description = $"Row to split: an NB201 edge, 0..5 in benchmark order (default {FewShotTraining.DefaultSplitEdge}: 1<-0, as the few-shot authors split; it feeds three other edges), or a layer of a chain directory (default 0, the first).", DefaultValueFactory = _ => FewShotTraining.DefaultSplitEdge };
        var split = new Option<int?>("--split") { Description = "Index K of the sub-supernet to train (the row keeps its K-th choice: NB201 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3; chain 0 3x3, 1 5x5, 2 7x7, 3 xception); all when omitted." };
        var parent = new Option<string?>("--parent") { Description = "Sub-supernet to split further (its path: 3, or 3.1 one level down); default: the one-shot supernet." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs per sub-supernet (default: half the one-shot supernet's, as the authors train 300 after 600)." };
        var store = StoreCliOptions.Store();
        var workers = new Option<GroundTruthWorkers>("--workers") { Description = "local: train the sub-supernets here (nas worker processes may help); external: only enqueue them for nas worker processes that reach --dir under the same path.", DefaultValueFactory = _ => GroundTruthWorkers.Local };

        var command = new Command("split", "Train few-shot sub-supernets from the saved parent: all, or one with --split K; here or by nas worker processes.");
        Option[] options = [dir, edge, split, parent, epochs, data, resume, store, workers, SupernetCliOptions.Threads()];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "supernet split", output =>
        {
            var directory = SupernetDirectory.Open(r.GetValue(dir)!);
            var parentNode = directory.Find(r.GetValue(parent));
            var e = r.GetValue(edge);
            var indices = r.GetValue(split) is { } k ? [k] : Enumerable.Range(0, directory.Space.Choices).ToArray();
            var perSub = r.GetValue(epochs) ?? Math.Max(1, directory.Manifest.Training.Epochs / 2);
            if (perSub <= 0)
            {
                throw new ArgumentException($"--epochs must be positive, got {perSub}");
            }

            var nodes = indices.Select(index => directory.Child(parentNode, e, index)).ToList();
            RequireTrained(directory, parentNode);
            var unit = new SupernetSplitUnit
            {
                Directory = directory.Path,
                Parent = parentNode.Path,
                Edge = e,
                Split = indices[0],
                Epochs = perSub,
                Data = r.GetValue(data) is { Length: > 0 } given ? Path.GetFullPath(given) : null,
            };
            var run = new Run(directory, parentNode, nodes, unit, output);
            return r.GetValue(workers) == GroundTruthWorkers.External
                ? run.Enqueue(r.GetValue(store), r.GetValue(resume))
                : run.Local(r.GetValue(store), r.GetValue(resume), r.GetValue(data));
        }));
        return command;
    }

    // Checked before anything is enqueued, so no worker leases a unit that can only fail.
    private static void RequireTrained(SupernetDirectory directory, SupernetNode parent)
    {
        var state = SupernetDirectory.State(parent);
        if (state is not { IsComplete: true })
        {
            throw new InvalidOperationException($"the {parent} in {directory.Path} has not finished training ({state?.CompletedEpochs ?? 0} epochs done); train it before splitting it");
        }
    }

    /// <summary>One invocation: the sub-supernets asked for, their unit settings, and where to print.</summary>
    private sealed record Run(SupernetDirectory Directory, SupernetNode Parent, IReadOnlyList<SupernetNode> Nodes, SupernetSplitUnit Unit, TextWriter Output)
    {
        /// <summary>--workers external: enqueue, report, and say how to start workers and collect.</summary>
        public int Enqueue(string? storeOption, bool resume)
        {
            using var store = StoreCliOptions.Open(storeOption);
            var study = Open(store, resume);
            var units = SupernetSplitStudy.Units(store, study, Nodes);
            if (!Report(store, study, units))
            {
                Output.WriteLine($"units are queued: start workers with `nas worker --store \"{store.Description}\"` (on machines that reach {Directory.Path} under that path), then rerun this command to see what is done");
            }

            return units.Any(t => t.State == TrialState.Failed) ? 1 : 0;
        }

        /// <summary>--workers local: enqueue, train (or wait for) every unit asked for, report.</summary>
        public int Local(string? storeOption, bool resume, string? dataOption)
        {
            var loaded = SupernetCliOptions.LoadData(Directory, dataOption);

            // The sub-supernets train on the data their parent trained on: a file changed since then stops the split.
            RunDataFiles.VerifyRecorded(Directory.Path);
            using var store = StoreCliOptions.Open(storeOption);
            var study = Open(store, resume);
            var ids = SupernetSplitStudy.Units(store, study, Nodes).Select(t => t.Id).ToHashSet();
            var executor = new SupernetSplitUnitExecutor(dataOption, Output);
            executor.Preload(Directory, dataOption, loaded);

            // On a signal the unit in hand goes back to the queue; its checkpoint is where the rerun continues.
            CliTermination.Resumable();
            var trained = SupernetSplitStudy.WorkUntilDone(store, study, ids, new UnitExecutorRegistry().Add(executor), CliTermination.Token);
            CliTermination.SafePoint();
            var units = SupernetSplitStudy.Units(store, study, Nodes);
            Report(store, study, units);
            Output.WriteLine($"{trained} of {units.Count} sub-supernets trained by this process; next: nas search --evaluator fewshot --supernet {Directory.Path}");
            return units.Any(t => t.State == TrialState.Failed) ? 1 : 0;
        }

        private StudyRecord Open(IExperimentStore store, bool resume)
        {
            var study = SupernetSplitStudy.Open(store, Directory, Parent, Unit);
            var queued = SupernetSplitStudy.EnqueueMissing(store, study, Nodes, Unit, resume);
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Nodes.Count} sub-supernet(s) of the {Parent} split on {Directory.Space.RowWord} {Unit.Edge}, {Unit.Epochs} epochs each: {queued} enqueued in study {study.Name} of {store.Description}"));
            return study;
        }

        /// <summary>Prints one line per unit and closes the study when all its units are final; true when those asked for are.</summary>
        private bool Report(IExperimentStore store, StudyRecord study, IReadOnlyList<TrialRecord> units)
        {
            for (var i = 0; i < Nodes.Count; i++)
            {
                Output.WriteLine(SupernetSplitStudy.Describe(Nodes[i], units[i]));
            }

            // A failed unit enqueued again counts by its latest attempt.
            var latest = store.Trials(study.Id).GroupBy(t => t.Genotype, StringComparer.Ordinal).Select(g => g.MaxBy(t => t.Number)!).ToList();
            if (SupernetSplitStudy.AllFinal(latest))
            {
                store.SetStudyStatus(study.Id, latest.Any(t => t.State == TrialState.Failed) ? StudyStatus.Failed : StudyStatus.Complete);
            }

            return SupernetSplitStudy.AllFinal(units);
        }
    }
}
