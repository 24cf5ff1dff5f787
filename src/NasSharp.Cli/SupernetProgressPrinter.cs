using System.Diagnostics;
using System.Globalization;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>Prints supernet training progress: a line every few seconds within an epoch and one per finished epoch.</summary>
internal sealed class SupernetProgressPrinter(TextWriter output, string label, double intervalSeconds = 5, bool checkpointed = true)
{
    private readonly Stopwatch sinceLast = Stopwatch.StartNew();

    public void Report(SupernetProgress p)
    {
        Print(p);

        // Every report comes between two steps (or after an epoch's checkpoint): a point where a signal may stop the run.
        CliTermination.SafePoint(p);
    }

    private void Print(SupernetProgress p)
    {
        if (p.EpochDone)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: epoch {p.Epoch}/{p.Epochs} done  loss {p.Loss:F3}  train acc {p.Accuracy:F1}%  lr {p.LearningRate:F4}  {p.Seconds:F0} s{(checkpointed ? "  (checkpoint written)" : string.Empty)}"));
            sinceLast.Restart();
            return;
        }

        if (sinceLast.Elapsed.TotalSeconds >= intervalSeconds)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: epoch {p.Epoch}/{p.Epochs}  batch {p.Batch}/{p.Batches}  loss {p.Loss:F3}  train acc {p.Accuracy:F1}%  {p.Seconds:F0} s"));
            sinceLast.Restart();
        }
    }
}
