using System.Globalization;
using NasSharp.Search.Training;
using NasSharp.Tasks;

namespace NasSharp.Cli;

/// <summary>
/// Progress of a stand-alone training run (the winner's final training in every search route): a throttled (or, on a
/// terminal, live) line within epochs with the ETA of the whole training ("stand-alone: epoch 3/8  batch 120/156
/// loss 0.812  ETA 1m40s", through <see cref="ProgressReporter"/>) and one line per finished epoch.
/// </summary>
internal sealed class TrainingProgressPrinter(TextWriter output, string label)
{
    private readonly ProgressReporter reporter = new(output, label);

    /// <summary>Hears every batch (not a safe point: a signal stops the run at the training loop's own check).</summary>
    public IProgress<TrainingStep> Steps => new ProgressCallback<TrainingStep>(
        s => reporter.Update(s.Done, s.Total, string.Create(CultureInfo.InvariantCulture, $"epoch {s.Epoch}/{s.Epochs}  batch {s.Batch}/{s.Batches}  loss {s.Loss:F3}")),
        safePoint: false);

    /// <summary>Hears every finished epoch and prints <paramref name="format"/>'s line for it (a safe point).</summary>
    public IProgress<EpochReport> Epochs(Func<EpochReport, string> format) => new ProgressCallback<EpochReport>(r => reporter.Line(format(r)));
}
