using System.CommandLine;
using System.Globalization;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas supernet split</c>: trains few-shot sub-supernets from their parent's saved weights: one (<c>--split K</c>,
/// e.g. one per machine) or all of them in turn. <c>--parent P</c> splits a sub-supernet further (recursion).
/// </summary>
internal static class SupernetSplitCommand
{
    public static Command Create()
    {
        var dir = SupernetCliOptions.Directory();
        var data = SupernetCliOptions.Data();
        var resume = SupernetCliOptions.Resume();
        var edge = new Option<int>("--edge") { Description = $"Edge to split, 0..5 in benchmark order (default {FewShotTraining.DefaultSplitEdge}: 1<-0, as the few-shot authors split; it feeds three other edges).", DefaultValueFactory = _ => FewShotTraining.DefaultSplitEdge };
        var split = new Option<int?>("--split") { Description = "Index K of the sub-supernet to train (the edge keeps its K-th operation: 0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3); all when omitted." };
        var parent = new Option<string?>("--parent") { Description = "Sub-supernet to split further (its path: 3, or 3.1 one level down); default: the one-shot supernet." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs per sub-supernet (default: half the one-shot supernet's, as the authors train 300 after 600)." };

        var command = new Command("split", "Train few-shot sub-supernets from the saved parent: all, or one with --split K (one process or machine each).");
        Option[] options = [dir, edge, split, parent, epochs, data, resume, SupernetCliOptions.Threads()];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "supernet split", output =>
        {
            var directory = SupernetDirectory.Open(r.GetValue(dir)!);
            var parentNode = directory.Find(r.GetValue(parent));
            var e = r.GetValue(edge);
            var count = Search.Spaces.Nb201Genotype.OpCount;
            var indices = r.GetValue(split) is { } k ? [k] : Enumerable.Range(0, count).ToArray();
            var perSub = r.GetValue(epochs) ?? Math.Max(1, directory.Manifest.Training.Epochs / 2);
            if (perSub <= 0)
            {
                throw new ArgumentException($"--epochs must be positive, got {perSub}");
            }

            foreach (var index in indices)
            {
                directory.Child(parentNode, e, index);
            }

            var loaded = SupernetCliOptions.LoadData(directory, r.GetValue(data));

            // The sub-supernets train on the data their parent trained on: a file changed since then stops the split.
            RunDataFiles.VerifyRecorded(directory.Path);
            CliTermination.Resumable();
            foreach (var index in indices)
            {
                var node = directory.Child(parentNode, e, index);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{node}: {perSub} epochs from the saved weights of the {parentNode}"));

                // One writer per sub-supernet: a second process on the same one stops with "in use by process P".
                Directory.CreateDirectory(node.Directory);
                var run = NasSharp.Store.RunDirectory.Open(node.Directory);
                var state = FewShotTraining.TrainSplit(directory, loaded, parentNode, e, index, perSub, r.GetValue(resume), new SupernetProgressPrinter(output, $"split {node.Path}").Report);
                run.Complete();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{node} trained: {state.CompletedEpochs} epochs, {state.Seconds:F0} s; in {node.Directory}"));
            }

            return 0;
        }));
        return command;
    }
}
