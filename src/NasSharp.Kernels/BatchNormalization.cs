using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Batch normalisation over NCHW (Ioffe and Szegedy 2015, "Batch Normalization", Algorithm 1 and its
/// gradient): y = (x - mean[c]) invStd[c] gamma[c] + beta[c]. Training uses the batch mean and biased
/// variance (one shifted-data pass, per-plane sums added in double in image order); evaluation uses running
/// estimates. Every pass walks the tensor in memory order, image by image (an image's channels are one contiguous
/// run): the per-plane sums of the statistics and of the gradient's two reductions go to a small table, each channel
/// adds its planes' sums in image order, and the output pass applies each channel's coefficients. Walking a channel
/// across the batch instead reads 64 short runs a plane apart (64 KB at 16 x 32 x 32), which the hardware prefetchers
/// follow badly and which, the stride being a power of two, fall into a few sets of the L2 cache. Images are the
/// blocks and every value is formed the same way whichever thread forms it, so results never depend on the thread
/// count. Empty gamma / beta mean 1 / 0; backward accumulates.
/// </summary>
public static unsafe class BatchNormalization
{
    /// <summary>Up to this many channels the per-channel sums live on the stack (16 KB); more channels take an array.</summary>
    private const int MaxStackChannels = 2048;

    /// <summary>Images of up to this many floats (16 KB) have the next one prefetched in a fused ReLU's backward.</summary>
    private const int PrefetchedImageFloats = 4096;

    /// <summary>mean[c] and biased variance[c] of channel c over the batch and the spatial positions.</summary>
    public static void Statistics(BatchNormGeometry g, ReadOnlySpan<float> x, Span<float> mean, Span<float> variance)
    {
        g.Validate(x.Length);
        g.ValidateChannel("mean", mean.Length, optional: false);
        g.ValidateChannel("variance", variance.Length, optional: false);
        fixed (float* px = x)
        {
            var scratch = PlaneMoments(g, px);
            Span<double> sums = g.C <= MaxStackChannels ? stackalloc double[g.C] : new double[g.C];
            Span<double> squares = g.C <= MaxStackChannels ? stackalloc double[g.C] : new double[g.C];
            ColumnSums(scratch.Planes(0), g.N, g.C, sums);
            ColumnSums(scratch.Planes(1), g.N, g.C, squares);
            for (var c = 0; c < g.C; c++)
            {
                (mean[c], variance[c]) = ChannelMoments(g, scratch.Channels(0)[c], sums[c], squares[c]);
            }
        }
    }

    /// <summary>invStd[c] = 1 / sqrt(variance[c] + epsilon).</summary>
    public static void InverseStd(ReadOnlySpan<float> variance, float epsilon, Span<float> invStd)
    {
        if (invStd.Length != variance.Length)
        {
            throw new ArgumentException($"BatchNorm2d: variance has {variance.Length} elements but inverse std {invStd.Length}.");
        }

        for (var c = 0; c < variance.Length; c++)
        {
            invStd[c] = InverseStd(variance[c], epsilon);
        }
    }

    private static float InverseStd(float variance, float epsilon) => (float)(1.0 / Math.Sqrt((double)variance + epsilon));

    /// <summary>
    /// y = (x - mean[c]) invStd[c] gamma[c] + beta[c], computed as x scale[c] + shift[c]; with <paramref name="relu"/>,
    /// y = max(that, 0) in the same pass (a batch norm followed by a ReLU, bitwise the two in turn).
    /// </summary>
    public static void Normalize(BatchNormGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, bool relu = false)
    {
        g.Validate(x.Length);
        g.Validate(y.Length);
        ValidateChannels(g, mean, invStd, gamma, beta);
        fixed (float* px = x, py = y)
        {
            var scratch = Scratch.Of(g);
            for (var c = 0; c < g.C; c++)
            {
                SetScaleAndShift(scratch, c, mean[c], invStd[c], gamma, beta);
            }

            NormalizeImages(g, px, py, scratch, relu);
        }
    }

    /// <summary>
    /// The coefficients <see cref="Normalize"/> and <see cref="ForwardTraining"/> apply, y = x scales[c] + shifts[c], bit for
    /// bit: what a batch norm fused with its ReLU keeps for the backward pass, which rebuilds the ReLU's mask from x
    /// (<see cref="Backward"/>) instead of reading the output.
    /// </summary>
    public static void ScaleAndShift(ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> scales, Span<float> shifts)
    {
        var channels = mean.Length;
        if (invStd.Length != channels || scales.Length != channels || shifts.Length != channels
            || (!gamma.IsEmpty && gamma.Length != channels) || (!beta.IsEmpty && beta.Length != channels))
        {
            throw new ArgumentException($"BatchNorm2d: scale and shift need {channels} channels everywhere (inverse std {invStd.Length}, gamma {gamma.Length}, beta {beta.Length}, scales {scales.Length}, shifts {shifts.Length}).");
        }

        for (var c = 0; c < channels; c++)
        {
            (scales[c], shifts[c]) = Coefficients(c, mean[c], invStd[c], gamma, beta);
        }
    }

    /// <summary>
    /// Training forward: the batch statistics (<see cref="Statistics"/>), invStd[c] = 1 / sqrt(variance[c] + epsilon) and
    /// y (<see cref="Normalize"/>), in two passes over x. Results equal Statistics + InverseStd + Normalize bit for bit
    /// (<paramref name="relu"/> as there).
    /// </summary>
    public static void ForwardTraining(BatchNormGeometry g, float epsilon, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> mean, Span<float> variance, Span<float> invStd, Span<float> y, bool relu = false)
    {
        g.Validate(x.Length);
        g.Validate(y.Length);
        g.ValidateChannel("variance", variance.Length, optional: false);
        ValidateChannels(g, mean, invStd, gamma, beta);
        fixed (float* px = x, py = y)
        {
            var scratch = PlaneMoments(g, px);
            Span<double> sums = g.C <= MaxStackChannels ? stackalloc double[g.C] : new double[g.C];
            Span<double> squares = g.C <= MaxStackChannels ? stackalloc double[g.C] : new double[g.C];
            ColumnSums(scratch.Planes(0), g.N, g.C, sums);
            ColumnSums(scratch.Planes(1), g.N, g.C, squares);
            for (var c = 0; c < g.C; c++)
            {
                (mean[c], variance[c]) = ChannelMoments(g, scratch.Channels(0)[c], sums[c], squares[c]);
                invStd[c] = InverseStd(variance[c], epsilon);
                SetScaleAndShift(scratch, c, mean[c], invStd[c], gamma, beta);
            }

            NormalizeImages(g, px, py, scratch, relu);
        }
    }

    /// <summary>
    /// running = (1 - momentum) running + momentum batch, with the unbiased variance
    /// (variance count / (count - 1)) for the running estimate, as PyTorch.
    /// </summary>
    public static void UpdateRunningStatistics(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, int count, float momentum, Span<float> runningMean, Span<float> runningVar)
    {
        if (count < 2 || mean.Length != variance.Length || runningMean.Length != mean.Length || runningVar.Length != mean.Length)
        {
            throw new ArgumentException($"BatchNorm2d: running statistics need at least 2 values per channel (got {count}) and {mean.Length} channels everywhere (running mean {runningMean.Length}, running variance {runningVar.Length}).");
        }

        var correction = count / (double)(count - 1);
        for (var c = 0; c < mean.Length; c++)
        {
            runningMean[c] = (float)(((1.0 - momentum) * runningMean[c]) + (momentum * (double)mean[c]));
            runningVar[c] = (float)(((1.0 - momentum) * runningVar[c]) + (momentum * variance[c] * correction));
        }
    }

    /// <summary>
    /// Accumulates the gradients given dy. With <paramref name="training"/>, mean and invStd are batch
    /// statistics that depend on x: dx = gamma invStd (dy - mean(dy) - xhat mean(dy xhat)), with xhat =
    /// (x - mean) invStd; otherwise they are constants: dx = gamma invStd dy. Always dgamma = sum(dy xhat),
    /// dbeta = sum(dy). Any of dx, dGamma, dBeta may be empty to skip it. Without <paramref name="accumulateDx"/> dx is
    /// overwritten instead (the first contribution to a gradient; the same bits as adding to zeros). With
    /// <paramref name="reluScales"/> and <paramref name="reluShifts"/> (a batch norm fused with the ReLU after it: the
    /// coefficients its forward applied, <see cref="ScaleAndShift"/>), dy is the gradient of that ReLU's output and is
    /// masked first, image by image in the block's scratch, by x scale[c] + shift[c] &gt; 0: the forward's value before
    /// the ReLU, formed again the same way, so the mask is the one its output gives (output &gt; 0), without reading the
    /// output. Bitwise the ReLU's backward followed by this one, without writing the intermediate gradient to memory.
    /// </summary>
    public static void Backward(BatchNormGeometry g, bool training, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> gamma, Span<float> dx, Span<float> dGamma, Span<float> dBeta, bool accumulateDx = true, ReadOnlySpan<float> reluScales = default, ReadOnlySpan<float> reluShifts = default)
    {
        if (!reluScales.IsEmpty || !reluShifts.IsEmpty)
        {
            g.ValidateChannel("ReLU scales", reluScales.Length, optional: false);
            g.ValidateChannel("ReLU shifts", reluShifts.Length, optional: false);
        }

        g.Validate(x.Length);
        g.Validate(dy.Length);
        if (!dx.IsEmpty)
        {
            g.Validate(dx.Length);
        }

        ValidateChannels(g, mean, invStd, gamma, []);
        g.ValidateChannel("gamma gradient", dGamma.Length, optional: true);
        g.ValidateChannel("beta gradient", dBeta.Length, optional: true);
        fixed (float* px = x, pdy = dy, pm = mean, pdx = dx, prs = reluScales, prt = reluShifts)
        {
            var scratch = Scratch.Of(g);
            var images = new BackwardImages((nint)px, (nint)pdy, (nint)pm, (nint)pdx, (nint)prs, (nint)prt, scratch);
            if (PlaneSums.GradientSideBySide(g.Spatial))
            {
                KernelParallel.For(g.N, (G: g, P: images), static (s, n) => ImageDeviationSums<PlaneSums.FourSideBySide>(s.G, s.P, n));
            }
            else
            {
                KernelParallel.For(g.N, (G: g, P: images), static (s, n) => ImageDeviationSums<PlaneSums.OneByOne>(s.G, s.P, n));
            }

            Span<double> sums = g.C <= MaxStackChannels ? stackalloc double[g.C] : new double[g.C];
            Span<double> dots = g.C <= MaxStackChannels ? stackalloc double[g.C] : new double[g.C];
            ColumnSums(scratch.Planes(0), g.N, g.C, sums);
            ColumnSums(scratch.Planes(1), g.N, g.C, dots);
            for (var c = 0; c < g.C; c++)
            {
                var (sumDy, sumDyDeviation) = (sums[c], dots[c]);

                if (!dGamma.IsEmpty)
                {
                    dGamma[c] += (float)(sumDyDeviation * invStd[c]);
                }

                if (!dBeta.IsEmpty)
                {
                    dBeta[c] += (float)sumDy;
                }

                // dx = a dy + b (x - mean) + offset = a dy + b x + (offset - b mean); b and offset are the
                // batch-statistics terms of the gradient (absent with running statistics, so x is not read then).
                var a = invStd[c] * (gamma.IsEmpty ? 1f : gamma[c]);
                var b = training ? (float)(-a * invStd[c] * invStd[c] * sumDyDeviation / g.PerChannel) : 0f;
                var offset = training ? (float)(-a * sumDy / g.PerChannel) : 0f;
                (scratch.Channels(0)[c], scratch.Channels(1)[c], scratch.Channels(2)[c]) = (a, b, offset - (b * mean[c]));
            }

            if (dx.IsEmpty)
            {
                return;
            }

            var streaming = training && !accumulateDx && StreamingStores.Pay(g.Length);
            KernelParallel.For(g.N, (G: g, P: images, Training: training, Accumulate: accumulateDx, Streaming: streaming), static (s, n) => ImageInputGradient(s.G, s.P, n, s.Training, s.Accumulate, s.Streaming));
        }
    }

    /// <summary>
    /// The statistics pass: every plane's <see cref="VectorLoops.ShiftedSums"/> (channel c shifted by its first element,
    /// x[0, c, 0]: an element of the channel is within a few standard deviations of the mean, which is all the
    /// shifted-data formula needs to stay accurate), image by image, into the calling thread's scratch.
    /// </summary>
    private static Scratch PlaneMoments(BatchNormGeometry g, float* x)
    {
        var scratch = Scratch.Of(g);
        for (var c = 0; c < g.C; c++)
        {
            scratch.Channels(0)[c] = x[(long)c * g.Spatial];
        }

        if (PlaneSums.SideBySide(g.Spatial))
        {
            KernelParallel.For(g.N, (G: g, X: (nint)x, S: scratch), static (s, n) => ImageShiftedSums<PlaneSums.FourSideBySide>(s.G, (float*)s.X, s.S, n));
        }
        else
        {
            KernelParallel.For(g.N, (G: g, X: (nint)x, S: scratch), static (s, n) => ImageShiftedSums<PlaneSums.OneByOne>(s.G, (float*)s.X, s.S, n));
        }

        return scratch;
    }

    private static void ImageShiftedSums<TWalk>(BatchNormGeometry g, float* x, Scratch scratch, int n)
        where TWalk : struct, PlaneSums.IWalk
    {
        var image = x + ((long)n * g.C * g.Spatial);
        var shifts = scratch.Channels(0);
        var sums = scratch.Planes(0) + ((long)n * g.C);
        var squares = scratch.Planes(1) + ((long)n * g.C);
        var c = 0;
        for (; PlaneSums.IsSupported && c + 8 <= g.C; c += 8)
        {
            TWalk.ShiftedSums(image + ((long)c * g.Spatial), g.Spatial, g.Spatial, shifts + c, sums + c, squares + c);
        }

        for (; c < g.C; c++)
        {
            (sums[c], squares[c]) = VectorLoops.ShiftedSums(image + ((long)c * g.Spatial), g.Spatial, shifts[c]);
        }
    }

    /// <summary>
    /// sums[c] = the sum in double of table[n C + c] over n = 0, 1, ... in order (a channel's plane sums in image order),
    /// sixteen channels at a time in four vectors (four chains in flight, not one), then four: each lane of a vector is one
    /// channel's own chain of additions, so the bits are the scalar loop's.
    /// </summary>
    private static void ColumnSums(float* table, int rows, int columns, Span<double> sums)
    {
        var c = 0;
        for (; Avx.IsSupported && c + 16 <= columns; c += 16)
        {
            var (t0, t1, t2, t3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
            for (var n = 0; n < rows; n++)
            {
                var row = table + ((long)n * columns) + c;
                t0 += Avx.ConvertToVector256Double(Vector128.Load(row));
                t1 += Avx.ConvertToVector256Double(Vector128.Load(row + 4));
                t2 += Avx.ConvertToVector256Double(Vector128.Load(row + 8));
                t3 += Avx.ConvertToVector256Double(Vector128.Load(row + 12));
            }

            t0.CopyTo(sums[c..]);
            t1.CopyTo(sums[(c + 4)..]);
            t2.CopyTo(sums[(c + 8)..]);
            t3.CopyTo(sums[(c + 12)..]);
        }

        for (; Avx.IsSupported && c + 4 <= columns; c += 4)
        {
            var total = Vector256<double>.Zero;
            for (var n = 0; n < rows; n++)
            {
                total += Avx.ConvertToVector256Double(Vector128.Load(table + ((long)n * columns) + c));
            }

            total.CopyTo(sums[c..]);
        }

        for (; c < columns; c++)
        {
            var total = 0.0;
            for (var n = 0; n < rows; n++)
            {
                total += table[((long)n * columns) + c];
            }

            sums[c] = total;
        }
    }

    /// <summary>A channel's mean and biased variance from the sums of its shifted values and of their squares.</summary>
    private static (float Mean, float Variance) ChannelMoments(BatchNormGeometry g, float shift, double sum, double squares)
    {
        var shiftedMean = sum / g.PerChannel;
        return ((float)(shift + shiftedMean), (float)Math.Max(0.0, (squares / g.PerChannel) - (shiftedMean * shiftedMean)));
    }

    /// <summary>y = x scale[c] + shift[c] with scale = invStd gamma and shift = beta - mean scale, kept in the scratch.</summary>
    private static void SetScaleAndShift(Scratch scratch, int c, float mean, float invStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta) =>
        (scratch.Channels(1)[c], scratch.Channels(2)[c]) = Coefficients(c, mean, invStd, gamma, beta);

    /// <summary>Channel c's scale = invStd gamma[c] and shift = beta[c] - mean scale: the output pass's y = x scale + shift.</summary>
    private static (float Scale, float Shift) Coefficients(int c, float mean, float invStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta)
    {
        var scale = invStd * (gamma.IsEmpty ? 1f : gamma[c]);
        return (scale, (beta.IsEmpty ? 0f : beta[c]) - (mean * scale));
    }

    private static void NormalizeImages(BatchNormGeometry g, float* x, float* y, Scratch scratch, bool relu)
    {
        var streaming = StreamingStores.Pay(g.Length);
        KernelParallel.For(g.N, (G: g, X: (nint)x, Y: (nint)y, S: scratch, Relu: relu, Streaming: streaming), static (s, n) =>
        {
            var offset = (long)n * s.G.C * s.G.Spatial;
            var scales = s.S.Channels(1);
            var shifts = s.S.Channels(2);
            if (!s.Streaming && VectorLoops.ServesSmallPlanes(s.G.Spatial))
            {
                VectorLoops.ScaleShiftPlanes((float*)s.X + offset, (float*)s.Y + offset, s.G.C, s.G.Spatial, scales, shifts, s.Relu);
                return;
            }

            for (var c = 0; c < s.G.C; c++)
            {
                var source = (float*)s.X + offset + ((long)c * s.G.Spatial);
                var target = (float*)s.Y + offset + ((long)c * s.G.Spatial);
                if (s.Relu)
                {
                    VectorLoops.ScaleShiftRelu(source, s.G.Spatial, scales[c], shifts[c], target, s.Streaming);
                }
                else
                {
                    VectorLoops.ScaleShift(source, s.G.Spatial, scales[c], shifts[c], target, s.Streaming);
                }
            }

            if (s.Streaming)
            {
                StreamingStores.Fence();
            }
        });
    }

    /// <summary>
    /// Image n's dy, or for a batch norm fused with the ReLU after it dy masked by x scale[c] + shift[c] &gt; 0 in the
    /// thread's scratch: bitwise the ReLU's backward, without writing its gradient to memory and reading it back.
    /// </summary>
    private static float* ImageOutputGradient(BatchNormGeometry g, BackwardImages p, long offset)
    {
        var dy = (float*)p.Dy + offset;
        if (p.ReluScales == 0)
        {
            return dy;
        }

        var masked = KernelScratch.Get(KernelScratch.Staging, (long)g.C * g.Spatial);
        PrefetchNextImage(g, p, offset);
        VectorLoops.ReluMaskOfScaleShift(dy, (float*)p.X + offset, g.C, g.Spatial, (float*)p.ReluScales, (float*)p.ReluShifts, masked);
        return masked;
    }

    /// <summary>
    /// For a batch norm fused with its ReLU on small images (up to <see cref="PrefetchedImageFloats"/> floats, 4 x 4 and 8
    /// x 8 planes): asks for the next image's x and dy while this one is worked on. Such an image is one or a few 4 KB
    /// pages per tensor, and the hardware prefetcher stops at a page's end, so each image's first lines would wait for
    /// memory. Into every cache level: to L2 only, the 4 x 4 images ran 0.83x as fast as before the fused mask, to L1 at
    /// par (the next image is worked on right after). It changes no value.
    /// </summary>
    private static void PrefetchNextImage(BatchNormGeometry g, BackwardImages p, long offset)
    {
        var image = (long)g.C * g.Spatial;
        if (!Sse.IsSupported || image > PrefetchedImageFloats || offset + image >= (long)g.N * image)
        {
            return;
        }

        var x = (float*)p.X + offset + image;
        var dy = (float*)p.Dy + offset + image;
        for (var i = 0L; i < image; i += 16)
        {
            Sse.Prefetch0(x + i);
            Sse.Prefetch0(dy + i);
        }
    }

    /// <summary>Every plane of image n: the sums of dy and of dy (x - mean[c]) (<see cref="VectorLoops.SumAndDotDeviations"/>).</summary>
    private static void ImageDeviationSums<TWalk>(BatchNormGeometry g, BackwardImages p, int n)
        where TWalk : struct, PlaneSums.IWalk
    {
        var offset = (long)n * g.C * g.Spatial;
        var dy = ImageOutputGradient(g, p, offset);
        var x = (float*)p.X + offset;
        var means = (float*)p.Mean;
        var sums = p.Scratch.Planes(0) + ((long)n * g.C);
        var dots = p.Scratch.Planes(1) + ((long)n * g.C);
        var c = 0;
        for (; PlaneSums.IsSupported && c + 8 <= g.C; c += 8)
        {
            var plane = (long)c * g.Spatial;
            TWalk.SumAndDotDeviations(dy + plane, g.Spatial, x + plane, g.Spatial, g.Spatial, means + c, sums + c, dots + c);
        }

        for (; c < g.C; c++)
        {
            var plane = (long)c * g.Spatial;
            (sums[c], dots[c]) = VectorLoops.SumAndDotDeviations(dy + plane, x + plane, g.Spatial, means[c]);
        }
    }

    /// <summary>dx (+)= a[c] dy + b[c] x + offset[c] over image n (a[c] dy alone with running statistics).</summary>
    private static void ImageInputGradient(BatchNormGeometry g, BackwardImages p, int n, bool training, bool accumulate, bool streaming)
    {
        var offset = (long)n * g.C * g.Spatial;
        var x = (float*)p.X + offset;
        var dx = (float*)p.Dx + offset;
        var a = p.Scratch.Channels(0);
        var b = p.Scratch.Channels(1);
        var c0 = p.Scratch.Channels(2);
        if (training && p.ReluScales != 0)
        {
            // A fused ReLU's mask applied in the same pass: dy and x read once, no masked copy.
            PrefetchNextImage(g, p, offset);
            VectorLoops.AffineOfReluMask(dx, (float*)p.Dy + offset, x, g.C, g.Spatial, a, b, c0, (float*)p.ReluScales, (float*)p.ReluShifts, accumulate, streaming);
            if (streaming)
            {
                StreamingStores.Fence();
            }

            return;
        }

        var dy = ImageOutputGradient(g, p, offset);
        if (training && !streaming && VectorLoops.ServesSmallPlanes(g.Spatial))
        {
            VectorLoops.AffinePlanes(dx, dy, x, g.C, g.Spatial, a, b, c0, accumulate);
            return;
        }

        for (var c = 0; c < g.C; c++)
        {
            var plane = (long)c * g.Spatial;
            if (training)
            {
                VectorLoops.Affine(dx + plane, dy + plane, x + plane, g.Spatial, a[c], b[c], c0[c], accumulate, streaming);
                continue;
            }

            var dxPlane = new Span<float>(dx + plane, g.Spatial);
            var dyPlane = new ReadOnlySpan<float>(dy + plane, g.Spatial);
            if (accumulate)
            {
                TensorPrimitives.MultiplyAdd(dyPlane, a[c], dxPlane, dxPlane);
            }
            else
            {
                TensorPrimitives.Multiply(dyPlane, a[c], dxPlane);
            }
        }

        if (streaming)
        {
            StreamingStores.Fence();
        }
    }

    private static void ValidateChannels(BatchNormGeometry g, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta)
    {
        g.ValidateChannel("mean", mean.Length, optional: false);
        g.ValidateChannel("inverse std", invStd.Length, optional: false);
        g.ValidateChannel("gamma", gamma.Length, optional: true);
        g.ValidateChannel("beta", beta.Length, optional: true);
    }

    /// <summary>The buffers of one backward call, as addresses (0 = absent) so the image blocks can share them.</summary>
    private readonly record struct BackwardImages(nint X, nint Dy, nint Mean, nint Dx, nint ReluScales, nint ReluShifts, Scratch Scratch);

    /// <summary>
    /// The calling thread's scratch for one call: three values per channel (the statistics' shifts, then the output
    /// pass's coefficients) and two per plane (image-major: plane n C + c), read by every thread of the call.
    /// </summary>
    private readonly record struct Scratch(nint Address, int N, int C)
    {
        public static Scratch Of(BatchNormGeometry g) => new((nint)KernelScratch.Get(KernelScratch.Shared, (3L * g.C) + (2L * g.N * g.C)), g.N, g.C);

        /// <summary>The k-th value (k &lt; 3) of every channel.</summary>
        public float* Channels(int k) => (float*)Address + ((long)k * C);

        /// <summary>The k-th value (k &lt; 2) of every plane.</summary>
        public float* Planes(int k) => (float*)Address + (3L * C) + ((long)k * N * C);
    }
}
