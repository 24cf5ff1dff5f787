using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// Batch normalisation over [N, C, H, W] per channel (Ioffe &amp; Szegedy 2015). Parameters "weight" (init 1)
/// and "bias" (init 0) when affine; buffers "running_mean" (init 0) and "running_var" (init 1) when tracking
/// (PyTorch's names; PyTorch's integer num_batches_tracked is not kept, and PyTorch fills it in on load).
/// Training mode normalises with batch statistics and updates the running ones; evaluation mode uses the
/// running ones, or batch statistics when the layer does not track them.
/// </summary>
public sealed class BatchNorm2d : Module
{
    public BatchNorm2d(int channels, BatchNormOptions? options = null)
    {
        if (channels <= 0)
        {
            throw new ArgumentException($"BatchNorm2d: the channel count must be positive, got {channels}.", nameof(channels));
        }

        Options = options ?? BatchNormOptions.Default;
        Channels = channels;
        if (Options.Affine)
        {
            Weight = RegisterParameter("weight", Parameter.Filled(1f, channels));
            Bias = RegisterParameter("bias", Parameter.Create(channels));
        }

        if (Options.TrackRunningStatistics)
        {
            RunningMean = RegisterBuffer("running_mean", Parameter.Buffer(0f, channels));
            RunningVar = RegisterBuffer("running_var", Parameter.Buffer(1f, channels));
        }
    }

    public BatchNormOptions Options { get; }

    public int Channels { get; }

    public Tensor? Weight { get; }

    public Tensor? Bias { get; }

    public Tensor? RunningMean { get; }

    public Tensor? RunningVar { get; }

    public override Tensor Forward(Tensor input)
    {
        var useBatchStatistics = IsTraining || RunningMean == null;
        return Ops.BatchNorm2d(input, Weight, Bias, RunningMean, RunningVar, useBatchStatistics, Options.Momentum, Options.Epsilon);
    }

    /// <summary>relu(Forward(input)) as one op (<see cref="Ops.BatchNorm2dRelu"/>): what <see cref="Sequential"/> runs for this module followed by a <see cref="Relu"/>.</summary>
    public Tensor ForwardRelu(Tensor input)
    {
        var useBatchStatistics = IsTraining || RunningMean == null;
        return Ops.BatchNorm2dRelu(input, Weight, Bias, RunningMean, RunningVar, useBatchStatistics, Options.Momentum, Options.Epsilon);
    }

    /// <summary>Running mean back to 0 and variance to 1 (before recalibrating them on training batches, as SPOS does per candidate).</summary>
    public void ResetRunningStatistics()
    {
        RunningMean?.Data.Clear();
        RunningVar?.Data.Fill(1f);
    }

    protected override string ExtraRepr() =>
        $"{Channels}, eps={Options.Epsilon.ToString(CultureInfo.InvariantCulture)}, momentum={Options.Momentum.ToString(CultureInfo.InvariantCulture)}, affine={Options.Affine}, track_running_stats={Options.TrackRunningStatistics}";
}
