using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Batch normalisation over x [N, C, H, W] (Ioffe and Szegedy 2015): y = (x - mean[c]) /
    /// sqrt(var[c] + epsilon) weight[c] + bias[c], weight and bias [C] optional (1 and 0 when null).
    /// Training uses the batch mean and biased variance of each channel and, when running statistics
    /// are given, updates them in place (running = (1 - momentum) running + momentum batch, with the
    /// unbiased variance, as PyTorch); evaluation uses the running statistics, which are then required.
    /// Gradients: in training the statistics depend on x, so dx = weight invStd (dy - mean(dy) - xhat
    /// mean(dy xhat)); in evaluation dx = weight invStd dy. dweight = sum(dy xhat), dbias = sum(dy).
    /// </summary>
    public static Tensor BatchNorm2d(Tensor x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, bool training, float momentum = 0.1f, float epsilon = 1e-5f) =>
        BatchNorm2d(x, weight, bias, runningMean, runningVar, training, momentum, epsilon, relu: false);

    /// <summary>
    /// <see cref="Relu"/>(<see cref="BatchNorm2d(Tensor, Tensor?, Tensor?, Tensor?, Tensor?, bool, float, float)"/>) as one op,
    /// bitwise the two in turn, forward and backward: the normalisation writes max(y, 0) in its pass, and the backward
    /// pass masks the incoming gradient inside the batch norm's own passes by y &gt; 0, y formed again from x with the
    /// forward's coefficients (the output is not read), so the batch norm output and its gradient (a tensor each) are
    /// never written (ShuffleNetV2 blocks and DARTS separable convolutions have one such pair per convolution).
    /// </summary>
    public static Tensor BatchNorm2dRelu(Tensor x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, bool training, float momentum = 0.1f, float epsilon = 1e-5f) =>
        BatchNorm2d(x, weight, bias, runningMean, runningVar, training, momentum, epsilon, relu: true);

    private static Tensor BatchNorm2d(Tensor x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, bool training, float momentum, float epsilon, bool relu)
    {
        var g = BatchNorm2dGeometryOf(x.Shape, weight, bias, runningMean, runningVar, training, momentum, epsilon);
        var output = Tensor.Uninitialized(x.Shape);
        var statistics = BatchNorm2dStatistics(g, x, weight, bias, runningMean, runningVar, training, momentum, epsilon, output, relu);
        Tensor[] inputs = weight is null ? (bias is null ? [x] : [x, bias]) : (bias is null ? [x, weight] : [x, weight, bias]);
        return Tensor.NeedsGrad(inputs)
            ? output.RecordedBy(new BatchNorm2dBackward(inputs, x, weight, bias, statistics, training, g, relu))
            : output;
    }

    /// <summary>
    /// Normalises x into output and returns the statistics it used as one [3, C] tensor: row 0 the mean, row 1
    /// 1 / sqrt(var + epsilon), row 2 the batch variance (training only; scratch); fused with a ReLU, [5, C] with rows 3
    /// and 4 the scale and shift the output was formed with, from which the backward pass rebuilds the ReLU's mask
    /// (kept, not recomputed then, so that a later change to the weight or bias cannot change this node's gradient). One
    /// tensor instead of several saves tensor objects and their shapes per call (a DARTS search step has ~900 batch
    /// norms). In training the statistics and the normalisation are one fused kernel (x read from memory once), and the
    /// running statistics are updated.
    /// </summary>
    private static Tensor BatchNorm2dStatistics(BatchNormGeometry g, Tensor x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, bool training, float momentum, float epsilon, Tensor output, bool relu)
    {
        var gamma = weight is null ? default : weight.Data;
        var beta = bias is null ? default : bias.Data;
        var statistics = Tensor.Uninitialized(new TensorShape(relu ? 5 : 3, g.C));
        var mean = BatchNormRow(statistics, 0, g.C);
        var invStd = BatchNormRow(statistics, 1, g.C);
        if (!training)
        {
            // Copied, so that a later training step updating the running statistics cannot change this node's gradient.
            runningMean!.Data.CopyTo(mean);
            BatchNormalization.InverseStd(runningVar!.Data, epsilon, invStd);
            BatchNormalization.Normalize(g, x.Data, mean, invStd, gamma, beta, output.Data, relu);
        }
        else
        {
            var variance = BatchNormRow(statistics, 2, g.C);
            BatchNormalization.ForwardTraining(g, epsilon, x.Data, gamma, beta, mean, variance, invStd, output.Data, relu);
            if (runningMean is not null && runningVar is not null)
            {
                BatchNormalization.UpdateRunningStatistics(mean, variance, g.PerChannel, momentum, runningMean.Data, runningVar.Data);
            }
        }

        if (relu)
        {
            BatchNormalization.ScaleAndShift(mean, invStd, gamma, beta, BatchNormRow(statistics, 3, g.C), BatchNormRow(statistics, 4, g.C));
        }

        return statistics;
    }

    /// <summary>Row <paramref name="row"/> of the [3, C] (or [5, C]) statistics tensor.</summary>
    private static Span<float> BatchNormRow(Tensor statistics, int row, int channels) => statistics.Data.Slice(row * channels, channels);

    private static BatchNormGeometry BatchNorm2dGeometryOf(TensorShape x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar, bool training, float momentum, float epsilon)
    {
        const string op = nameof(BatchNorm2d);
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{op}: input {x} must be [N, C, H, W].");
        }

        // Checked one by one: a loop over an array of (name, tensor) pairs allocated that array on every call.
        ValidateBatchNormChannels(x, "weight", weight);
        ValidateBatchNormChannels(x, "bias", bias);
        ValidateBatchNormChannels(x, "running mean", runningMean);
        ValidateBatchNormChannels(x, "running variance", runningVar);

        if ((runningMean is null) != (runningVar is null))
        {
            throw new ArgumentException($"{op}: input {x}: pass both the running mean and the running variance, or neither.");
        }

        if (!training && runningMean is null)
        {
            throw new ArgumentException($"{op}: input {x}: evaluation mode normalises with the running statistics, but none were given.");
        }

        if (training && x[0] * x[2] * x[3] < 2)
        {
            throw new ArgumentException($"{op}: input {x}: training needs more than one value per channel to estimate its variance.");
        }

        if (!(momentum >= 0f && momentum <= 1f) || !(epsilon >= 0f) || float.IsInfinity(epsilon))
        {
            throw new ArgumentException($"{op}: input {x}: momentum {momentum} must lie in [0, 1] and epsilon {epsilon} must be finite and non-negative.");
        }

        return new BatchNormGeometry(x[0], x[1], x[2] * x[3]);
    }

    private static void ValidateBatchNormChannels(TensorShape x, string name, Tensor? t)
    {
        if (t is not null && (t.Rank != 1 || t.Shape[0] != x[1]))
        {
            throw new ArgumentException($"{nameof(BatchNorm2d)}: input {x} and {name} {t.Shape}: the {name} must be [{x[1]}] (one value per channel).");
        }
    }

    /// <summary>Saves the statistics the forward pass normalised with (batch or running, per <paramref name="training"/>).</summary>
    private sealed class BatchNorm2dBackward(Tensor[] inputs, Tensor x, Tensor? weight, Tensor? bias, Tensor statistics, bool training, BatchNormGeometry geometry, bool relu)
        : BackwardNode(inputs)
    {
        public override string OpName => relu ? nameof(BatchNorm2dRelu) : nameof(BatchNorm2d);

        // The backward pass recomputes the normalised input from x, mean and invStd, and the fused ReLU's mask from x and
        // the kept scale and shift: the output is never read.
        protected internal override bool ReadsOutput => false;

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var weightGrad = weight is null ? default : GradOf(weight);
            var biasGrad = bias is null ? default : GradOf(bias);
            var inputGrad = GradTargetOf(x, out var accumulate);
            BatchNormalization.Backward(
                geometry,
                training,
                x.Data,
                outputGrad.Data,
                BatchNormRow(statistics, 0, geometry.C),
                BatchNormRow(statistics, 1, geometry.C),
                weight is null ? default : weight.Data,
                inputGrad,
                weightGrad,
                biasGrad,
                accumulate,
                relu ? BatchNormRow(statistics, 3, geometry.C) : default,
                relu ? BatchNormRow(statistics, 4, geometry.C) : default);
        }
    }
}
