using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;
using NasSharp.Store;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// Runs <c>supernet-split</c> units: trains one few-shot sub-supernet with <see cref="FewShotTraining.TrainSplit"/>,
/// the code <c>nas supernet split</c> has always used, into its folder of the shared supernet directory. It always
/// resumes from the folder's checkpoint when there is one: a unit leased again after its worker was killed continues
/// from the last finished epoch, and since every epoch's sampling and data order are keyed by (seed, epoch) the
/// weights end bitwise the same as an uninterrupted run's. The folder's run lock keeps a second process out while one
/// trains it (the lease already should). Loaded data is kept per (dataset, data directory, data options).
/// </summary>
/// <param name="dataOverride">The worker's --data: wins over the unit's and the manifest's data directory.</param>
/// <param name="log">Where to print each unit's start line and progress (the in-process command); null: silent.</param>
internal sealed class SupernetSplitUnitExecutor(string? dataOverride, TextWriter? log = null) : IUnitExecutor
{
    private readonly ConcurrentDictionary<(string, string?, FewShotDataOptions), FewShotData> loaded = new();

    public string Kind => SupernetSplitUnit.Kind;

    /// <summary>Makes <paramref name="data"/> the data of units on <paramref name="directory"/> (the enqueuing process already loaded it).</summary>
    public void Preload(SupernetDirectory directory, string? dataDirectory, FewShotData data) => loaded[Key(directory, dataDirectory)] = data;

    public TrialResult Execute(LeasedUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var clock = Stopwatch.StartNew();
        var settings = SupernetSplitUnit.Parse(unit.PayloadJson);
        var directory = SupernetDirectory.Open(settings.Directory);
        var parent = directory.Find(settings.Parent);
        var node = directory.Child(parent, settings.Edge, settings.Split);
        if (node.Path != unit.Genotype)
        {
            throw new InvalidDataException($"{Kind} unit #{unit.Number} names sub-supernet {unit.Genotype} but its payload trains {node.Path}: {unit.PayloadJson}");
        }

        var data = loaded.GetOrAdd(Key(directory, dataOverride ?? settings.Data), k => FewShotData.Load(k.Item1, k.Item2, k.Item3));

        // The sub-supernets train on the data their parent trained on: a file changed since then fails the unit.
        RunDataFiles.VerifyRecorded(directory.Path);
        Directory.CreateDirectory(node.Directory);
        var resumedFrom = SupernetDirectory.State(node)?.CompletedEpochs ?? 0;
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{node}: {settings.Epochs} epochs from the saved weights of the {parent}{(resumedFrom > 0 ? $", resuming after epoch {resumedFrom}" : string.Empty)}"));
        var state = Train(directory, data, parent, node, settings, cancellationToken);
        return Result(node, state, resumedFrom, clock.Elapsed.TotalSeconds);
    }

    private SupernetTrainingState Train(SupernetDirectory directory, FewShotData data, SupernetNode parent, SupernetNode node, SupernetSplitUnit settings, CancellationToken cancellationToken)
    {
        // One writer per sub-supernet: a second process on the same folder stops with "in use by process P".
        var run = RunDirectory.Open(node.Directory);
        try
        {
            Action<SupernetProgress>? progress = log is null ? null : new SupernetProgressPrinter(log, $"split {node.Path}").Report;
            var state = FewShotTraining.TrainSplit(directory, data, parent, settings.Edge, settings.Split, settings.Epochs, resume: true, progress, cancellationToken);
            run.Complete();
            return state;
        }
        catch (OperationCanceledException)
        {
            run.Interrupt("the worker stopped or lost its lease; the unit resumes from the last checkpoint");
            throw;
        }
        catch (Exception ex)
        {
            run.Fail(ex.Message.ReplaceLineEndings(" "));
            throw;
        }
    }

    /// <summary>Final loss and train accuracy (percent), the epochs, the training seconds over every attempt, and the weights file.</summary>
    private static TrialResult Result(SupernetNode node, SupernetTrainingState state, int resumedFrom, double wallSeconds)
    {
        // Epochs are positive, so a finished training has a last epoch (a resumed one keeps its whole history).
        var last = state.History[^1];
        var metrics = new Dictionary<string, double>
        {
            ["train_loss"] = last.Loss,
            ["train_accuracy"] = last.Accuracy,
            ["epochs"] = state.CompletedEpochs,
            ["resumed_from_epoch"] = resumedFrom,
            ["train_seconds"] = state.Seconds,
        };
        var epochs = state.History.Select(r => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
        {
            ["epoch"] = r.Epoch,
            ["train_loss"] = r.Loss,
            ["train_accuracy"] = r.Accuracy,
            ["lr"] = r.LearningRate,
            ["seconds"] = r.Seconds,
        }).ToList();
        return new TrialResult(metrics) { Epochs = epochs, WallSeconds = wallSeconds, Artifacts = [Path.Combine(node.Directory, SupernetCheckpoint.WeightsFile)] };
    }

    private static (string, string?, FewShotDataOptions) Key(SupernetDirectory directory, string? data) =>
        (directory.Manifest.Dataset, SupernetCliOptions.DataDirectory(data, directory.Manifest), directory.Manifest.Data);
}
