using System.Globalization;
using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Cli;

/// <summary>
/// Progress inside long epochs without touching the training loop: wraps the network being trained (child
/// "network", so the optimizer sees the same parameters), counts the images of every training-mode forward pass, and
/// reports through a <see cref="ProgressReporter"/> the epoch, the batch within it, images/s so far and the ETA of
/// the whole run ("epoch 3/10  batch 120/390  512 img/s  ETA 4m12s"). Evaluation passes are not counted.
/// Save the wrapped network, not this probe (its state-dict names carry the "network." prefix).
/// </summary>
internal sealed class TrainingProgressProbe : Module
{
    private readonly Module network;
    private readonly ProgressReporter reporter;
    private readonly long imagesPerEpoch;
    private readonly int epochs;
    private readonly System.Diagnostics.Stopwatch clock = new();
    private long seen;
    private long seenAtStart = -1;
    private long batchSize;

    public TrainingProgressProbe(Module network, int epochs, long imagesPerEpoch, TextWriter output, TimeSpan interval)
    {
        this.network = RegisterModule("network", network);
        reporter = new ProgressReporter(output, string.Empty, interval);
        this.epochs = epochs;
        this.imagesPerEpoch = Math.Max(1, imagesPerEpoch);
    }

    /// <summary>How often a plain line may be written by default (<see cref="ProgressReporter.DefaultInterval"/>).</summary>
    public static TimeSpan DefaultInterval => ProgressReporter.DefaultInterval;

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = network.Forward(input);
        if (IsTraining)
        {
            batchSize = Math.Max(batchSize, input.Shape[0]);
            seen += input.Shape[0];
            if (seenAtStart < 0)
            {
                // The clock starts after the first batch's forward pass, so the rate counts the images after it.
                seenAtStart = seen;
                clock.Start();
            }

            Report();
        }

        return result;
    }

    private void Report()
    {
        var epoch = Math.Min(epochs, (seen - 1) / imagesPerEpoch + 1);
        var inEpoch = seen - ((epoch - 1) * imagesPerEpoch);
        var batches = (imagesPerEpoch + batchSize - 1) / batchSize;
        var batch = Math.Min(batches, (inEpoch + batchSize - 1) / batchSize);
        var rate = seen > seenAtStart && clock.Elapsed > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"  {(seen - seenAtStart) / clock.Elapsed.TotalSeconds:F0} img/s")
            : string.Empty;
        reporter.Update(seen, imagesPerEpoch * epochs, string.Create(CultureInfo.InvariantCulture, $"  epoch {epoch}/{epochs}  batch {batch}/{batches}{rate}"));
    }
}
