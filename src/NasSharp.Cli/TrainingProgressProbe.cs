using System.Diagnostics;
using System.Globalization;
using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Cli;

/// <summary>
/// Progress inside long epochs without touching the training loop: wraps the network being trained (child
/// "network", so the optimizer sees the same parameters), counts the images of every training-mode forward pass, and
/// writes a throttled line (at most one per <c>interval</c>) with the epoch, its share done, images/s since the last
/// line and the ETA of the whole run at the mean rate so far. Evaluation passes are not counted.
/// Save the wrapped network, not this probe (its state-dict names carry the "network." prefix).
/// </summary>
internal sealed class TrainingProgressProbe : Module
{
    private readonly Module network;
    private readonly TextWriter output;
    private readonly long imagesPerEpoch;
    private readonly int epochs;
    private readonly TimeSpan interval;
    private readonly Stopwatch clock = new();
    private long seen;
    private long seenAtLastLine;
    private TimeSpan lastLine;

    public TrainingProgressProbe(Module network, int epochs, long imagesPerEpoch, TextWriter output, TimeSpan interval)
    {
        this.network = RegisterModule("network", network);
        this.output = output;
        this.epochs = epochs;
        this.imagesPerEpoch = Math.Max(1, imagesPerEpoch);
        this.interval = interval;
    }

    /// <summary>How often a line may be written by default: every 5 seconds.</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromSeconds(5);

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = network.Forward(input);
        if (IsTraining)
        {
            clock.Start();
            seen += input.Shape[0];
            if (clock.Elapsed - lastLine >= interval)
            {
                WriteLine();
            }
        }

        return result;
    }

    private void WriteLine()
    {
        var now = clock.Elapsed;
        var rate = (seen - seenAtLastLine) / Math.Max((now - lastLine).TotalSeconds, 1e-9);
        var total = imagesPerEpoch * epochs;
        var left = Math.Max(0, total - seen) * now.TotalSeconds / seen;
        var epoch = Math.Min(epochs, (seen - 1) / imagesPerEpoch + 1);
        var done = 100.0 * (seen - ((epoch - 1) * imagesPerEpoch)) / imagesPerEpoch;
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  epoch {0}/{1} {2,5:F1}%  {3:F0} img/s  eta {4}", epoch, epochs, Math.Min(100, done), rate, TrainText.Duration(left)));
        (lastLine, seenAtLastLine) = (now, seen);
    }
}
