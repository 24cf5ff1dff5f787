using System.Globalization;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>
/// Supernet training progress: a throttled (or, on a terminal, live) line within epochs with the ETA of the whole
/// training ("one-shot: epoch 3/10  batch 120/390  loss 1.234  train acc 41.2%  ETA 4m12s", through
/// <see cref="ProgressReporter"/>) and one line per finished epoch.
/// </summary>
internal sealed class SupernetProgressPrinter(TextWriter output, string label, double intervalSeconds = 10)
{
    private readonly ProgressReporter reporter = new(output, label, TimeSpan.FromSeconds(intervalSeconds));

    public void Report(SupernetProgress p)
    {
        // Every report comes between two steps (or after an epoch's checkpoint): a point where a signal may stop the run.
        try
        {
            Print(p);
        }
        finally
        {
            CliTermination.SafePoint(p);
        }
    }

    private void Print(SupernetProgress p)
    {
        var batches = Math.Max(1, p.Batches);
        var done = ((p.Epoch - 1) * (double)batches) + p.Batch;
        if (p.EpochDone)
        {
            reporter.Line(string.Create(CultureInfo.InvariantCulture,
                $"{label}: epoch {p.Epoch}/{p.Epochs} done  loss {p.Loss:F3}  train acc {p.Accuracy:F1}%  lr {p.LearningRate:F4}  {p.Seconds:F0} s  (checkpoint written)"));
            return;
        }

        reporter.Update(done, (double)p.Epochs * batches, string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch}/{p.Epochs}  batch {p.Batch}/{p.Batches}  loss {p.Loss:F3}  train acc {p.Accuracy:F1}%"));
    }
}
