using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// The store side of <c>nas supernet split</c>: one study per (supernet directory, parent), one
/// <c>supernet-split</c> unit per sub-supernet, enqueued once each, and the lines that report where each stands.
/// </summary>
internal static class SupernetSplitStudy
{
    /// <summary><c>split-STEM-PARENT-HASH</c>: the directory's name, the parent's path and a hash of both in full, so two directories never share a study.</summary>
    public static string Name(SupernetDirectory directory, SupernetNode parent)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(parent);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{directory.Path}\n{parent.Path}")))[..8];
        return $"split-{Path.GetFileName(directory.Path)}-{parent.Path}-{hash}";
    }

    /// <summary>Creates or reopens the study; an existing one must split the same edge for the same epochs.</summary>
    public static StudyRecord Open(IExperimentStore store, SupernetDirectory directory, SupernetNode parent, SupernetSplitUnit unit)
    {
        var name = Name(directory, parent);
        var options = unit.StudyOptionsJson();
        var study = store.CreateOrOpenStudy(new StudySpec(name, SupernetSplitUnit.Kind, options, StoreCliOptions.CodeVersion, directory.Path));
        if (study.Kind != SupernetSplitUnit.Kind || study.OptionsJson != options)
        {
            throw new ArgumentException($"study '{name}' in {store.Description} splits the {parent} of {directory.Path} with other settings ({study.OptionsJson}); repeat its --edge and --epochs");
        }

        if (study.Status != StudyStatus.Running)
        {
            store.SetStudyStatus(study.Id, StudyStatus.Running);
        }

        return study;
    }

    /// <summary>
    /// Enqueues the sub-supernets with no unit in the study (or only failed ones, or a complete one whose trained
    /// weights are no longer in the directory: it was deleted and trained anew under the same path); returns how
    /// many. A folder that already holds a checkpoint the study does not know of (trained by another store, or before
    /// units existed) is only continued with <paramref name="resume"/>, as <c>nas supernet split</c> always required.
    /// </summary>
    public static int EnqueueMissing(IExperimentStore store, StudyRecord study, IReadOnlyList<SupernetNode> nodes, SupernetSplitUnit unit, bool resume)
    {
        var byPath = nodes.ToDictionary(n => n.Path, StringComparer.Ordinal);
        var inStudy = store.Trials(study.Id)
            .Where(t => t.State != TrialState.Failed && !(t.State == TrialState.Complete && byPath.TryGetValue(t.Genotype, out var node) && SupernetDirectory.State(node) is not { IsComplete: true }))
            .Select(t => t.Genotype).ToHashSet(StringComparer.Ordinal);
        var missing = nodes.Where(n => !inStudy.Contains(n.Path)).ToList();
        if (!resume && missing.FirstOrDefault(n => File.Exists(Path.Combine(n.Directory, SupernetCheckpoint.CheckpointFile))) is { } trained)
        {
            var state = SupernetDirectory.State(trained);
            throw new InvalidOperationException($"the {trained} in {trained.Directory} already has a checkpoint ({state?.CompletedEpochs ?? 0} of {state?.Options.Epochs ?? unit.Epochs} epochs); pass --resume to continue it, or use a new --dir");
        }

        store.Enqueue(study.Id, [.. missing.Select(n => new UnitSpec(SupernetSplitUnit.Kind, n.Path, (unit with { Split = n.Indices[^1] }).ToJson()))]);
        return missing.Count;
    }

    /// <summary>The latest unit of each node (a failed one may have been enqueued again), in the nodes' order.</summary>
    public static IReadOnlyList<TrialRecord> Units(IExperimentStore store, StudyRecord study, IReadOnlyList<SupernetNode> nodes)
    {
        var latest = store.Trials(study.Id).GroupBy(t => t.Genotype, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(t => t.Number)!, StringComparer.Ordinal);
        return [.. nodes.Select(n => latest.TryGetValue(n.Path, out var t) ? t : throw new InvalidOperationException($"study {study.Name} has no unit for sub-supernet {n.Path}"))];
    }

    /// <summary>
    /// Works the study's units in this process, one lease at a time, until every unit in <paramref name="trialIds"/> is
    /// complete or failed: other processes' units of the study are helped with, and one running elsewhere is waited
    /// for (and taken over when its lease expires). Returns how many units this process completed; on
    /// <paramref name="stop"/> the unit in hand goes back to the queue.
    /// </summary>
    public static int WorkUntilDone(IExperimentStore store, StudyRecord study, IReadOnlySet<long> trialIds, UnitExecutorRegistry executors, CancellationToken stop)
    {
        // One unit per loop, then a look at the wanted units: a WorkerLoop's own end condition (idleness, the whole
        // study done) would either return too early or wait for units this command was not asked to train.
        var options = new WorkerOptions { StudyId = study.Id, MaxUnits = 1, IdleExit = TimeSpan.Zero };
        var completed = 0;
        while (!stop.IsCancellationRequested && !AllFinal(store.Trials(study.Id).Where(t => trialIds.Contains(t.Id))))
        {
            var report = new WorkerLoop(store, executors, options).Run(stop);
            completed += report.Completed;
            if (report.Completed + report.Failed + report.Rejected + report.Released == 0)
            {
                stop.WaitHandle.WaitOne(options.PollInterval);
            }
        }

        return completed;
    }

    /// <summary>Whether every unit is complete or failed.</summary>
    public static bool AllFinal(IEnumerable<TrialRecord> units) => units.All(t => t.State is TrialState.Complete or TrialState.Failed);

    /// <summary>One line: trained (with its final loss, accuracy and seconds), running (where), queued, or failed (why).</summary>
    public static string Describe(SupernetNode node, TrialRecord unit) => unit.State switch
    {
        TrialState.Complete => string.Create(CultureInfo.InvariantCulture,
            $"{node} trained: {Metric(unit, "epochs"):0} epochs, loss {Metric(unit, "train_loss"):F3}, train acc {Metric(unit, "train_accuracy"):F1}%, {Metric(unit, "train_seconds"):F0} s (by {unit.WorkerId}); in {node.Directory}"),
        TrialState.Running => string.Create(CultureInfo.InvariantCulture, $"{node}: running on {unit.WorkerId} (attempt {unit.Attempt}, lease until {unit.LeaseExpires:HH:mm:ss} UTC)"),
        TrialState.Queued => $"{node}: queued (unit #{unit.Number})",
        _ => $"{node} failed: {unit.Error}",
    };

    private static double Metric(TrialRecord unit, string name) => unit.Result?.Metrics.GetValueOrDefault(name) ?? double.NaN;
}
