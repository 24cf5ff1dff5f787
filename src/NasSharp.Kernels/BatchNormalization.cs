using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// Batch normalisation over NCHW (Ioffe and Szegedy 2015, "Batch Normalization", Algorithm 1 and its
/// gradient): y = (x - mean[c]) invStd[c] gamma[c] + beta[c]. Training uses the batch mean and biased
/// variance (one shifted-data pass, per-plane sums added in double in image order); evaluation uses running
/// estimates. Channels are independent blocks (single fused vector passes, see <see cref="VectorLoops"/>),
/// so results never depend on the thread count. Empty gamma / beta mean 1 / 0; backward accumulates.
/// </summary>
public static unsafe class BatchNormalization
{
    /// <summary>mean[c] and biased variance[c] of channel c over the batch and the spatial positions.</summary>
    public static void Statistics(BatchNormGeometry g, ReadOnlySpan<float> x, Span<float> mean, Span<float> variance)
    {
        g.Validate(x.Length);
        g.ValidateChannel("mean", mean.Length, optional: false);
        g.ValidateChannel("variance", variance.Length, optional: false);
        fixed (float* px = x, pm = mean, pv = variance)
        {
            var (xp, mp, vp) = ((nint)px, (nint)pm, (nint)pv);
            KernelParallel.For(g.C, (G: g, X: xp, Mean: mp, Variance: vp), static (s, c) => ChannelStatistics(s.G, s.X, c, (float*)s.Mean, (float*)s.Variance));
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
        fixed (float* px = x, pm = mean, ps = invStd, pg = gamma, pb = beta, py = y)
        {
            var (xp, mp, sp, gp, bp, yp) = ((nint)px, (nint)pm, (nint)ps, (nint)pg, (nint)pb, (nint)py);
            var (hasGamma, hasBeta) = (!gamma.IsEmpty, !beta.IsEmpty);
            var pointers = new NormalizePointers(xp, mp, sp, hasGamma ? gp : 0, hasBeta ? bp : 0, yp, relu) { Streaming = StreamingStores.Pay(y.Length) };
            KernelParallel.For(g.C, (G: g, P: pointers), static (s, c) => NormalizeChannel(s.G, s.P, c));
        }
    }

    /// <summary>
    /// Training forward in one block per channel: the batch statistics (<see cref="Statistics"/>), invStd[c] =
    /// 1 / sqrt(variance[c] + epsilon) and y (<see cref="Normalize"/>). A channel's planes (256 KB at 16 x 32 x 32 x 64)
    /// stay in the core's L2 cache between its statistics and its normalisation, so x comes from memory once, not twice.
    /// Results equal Statistics + InverseStd + Normalize bit for bit (<paramref name="relu"/> as there).
    /// </summary>
    public static void ForwardTraining(BatchNormGeometry g, float epsilon, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> mean, Span<float> variance, Span<float> invStd, Span<float> y, bool relu = false)
    {
        g.Validate(x.Length);
        g.Validate(y.Length);
        g.ValidateChannel("variance", variance.Length, optional: false);
        ValidateChannels(g, mean, invStd, gamma, beta);
        fixed (float* px = x, pm = mean, pv = variance, ps = invStd, pg = gamma, pb = beta, py = y)
        {
            var (hasGamma, hasBeta) = (!gamma.IsEmpty, !beta.IsEmpty);
            var pointers = new NormalizePointers((nint)px, (nint)pm, (nint)ps, hasGamma ? (nint)pg : 0, hasBeta ? (nint)pb : 0, (nint)py, relu) { Streaming = StreamingStores.Pay(y.Length) };
            KernelParallel.For(g.C, (G: g, P: pointers, Variance: (nint)pv, Epsilon: epsilon, Prefetch: PlanePrefetch.Pays(g.Spatial)), static (s, c) =>
            {
                if (s.Prefetch && c + 1 < s.G.C)
                {
                    PlanePrefetch.Planes(Plane(s.P.X, s.G, 0, c + 1), (long)s.G.C * s.G.Spatial, s.G.N, s.G.Spatial);
                }

                ChannelStatistics(s.G, s.P.X, c, (float*)s.P.Mean, (float*)s.Variance);
                ((float*)s.P.InvStd)[c] = InverseStd(((float*)s.Variance)[c], s.Epsilon);
                NormalizeChannel(s.G, s.P, c);
            });
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
    /// <paramref name="reluOutput"/> (the output of a batch norm fused with the ReLU after it), dy is the gradient of that
    /// ReLU's output and is masked by reluOutput &gt; 0 first, channel by channel in the block's scratch: bitwise the ReLU's
    /// backward followed by this one, without writing the intermediate gradient to memory and reading it back.
    /// </summary>
    public static void Backward(BatchNormGeometry g, bool training, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> gamma, Span<float> dx, Span<float> dGamma, Span<float> dBeta, bool accumulateDx = true, ReadOnlySpan<float> reluOutput = default)
    {
        if (!reluOutput.IsEmpty)
        {
            g.Validate(reluOutput.Length);
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
        fixed (float* px = x, pdy = dy, pm = mean, ps = invStd, pg = gamma, pdx = dx, pdg = dGamma, pdb = dBeta, pr = reluOutput)
        {
            var pointers = new BackwardPointers((nint)px, (nint)pdy, (nint)pm, (nint)ps, (nint)pg, (nint)pdx, (nint)pdg, (nint)pdb, (nint)pr);
            KernelParallel.For(g.C, (G: g, Training: training, P: pointers, Accumulate: accumulateDx, Prefetch: PlanePrefetch.Pays(g.Spatial)), static (s, c) =>
            {
                if (s.Prefetch && c + 1 < s.G.C)
                {
                    // The next channel's dY and x (and the ReLU output its mask reads).
                    var stride = (long)s.G.C * s.G.Spatial;
                    PlanePrefetch.Planes(Plane(s.P.Dy, s.G, 0, c + 1), stride, s.G.N, s.G.Spatial);
                    if (s.Training)
                    {
                        PlanePrefetch.Planes(Plane(s.P.X, s.G, 0, c + 1), stride, s.G.N, s.G.Spatial);
                    }

                    if (s.P.ReluOutput != 0)
                    {
                        PlanePrefetch.Planes(Plane(s.P.ReluOutput, s.G, 0, c + 1), stride, s.G.N, s.G.Spatial);
                    }
                }

                BackwardChannel(s.G, s.Training, s.P, c, s.Accumulate);
            });
        }
    }

    // One pass over the channel (ShiftedSums), shifted by its first value: an element of the channel is within a few
    // standard deviations of the mean, which is all the shifted-data formula needs to stay accurate.
    private static void ChannelStatistics(BatchNormGeometry g, nint x, int c, float* mean, float* variance)
    {
        var shift = *Plane(x, g, 0, c);
        var (sum, squares) = (0.0, 0.0);
        var n = 0;
        for (; PlaneSums.IsSupported && n + 8 <= g.N; n += 8)
        {
            PlaneSums.AddShiftedSums(Plane(x, g, n, c), (long)g.C * g.Spatial, g.Spatial, shift, ref sum, ref squares);
        }

        for (; n < g.N; n++)
        {
            var (s, q) = VectorLoops.ShiftedSums(Plane(x, g, n, c), g.Spatial, shift);
            (sum, squares) = (sum + s, squares + q);
        }

        var shiftedMean = sum / g.PerChannel;
        mean[c] = (float)(shift + shiftedMean);
        variance[c] = (float)Math.Max(0.0, (squares / g.PerChannel) - (shiftedMean * shiftedMean));
    }

    private static void NormalizeChannel(BatchNormGeometry g, NormalizePointers p, int c)
    {
        var scale = ((float*)p.InvStd)[c] * (p.Gamma != 0 ? ((float*)p.Gamma)[c] : 1f);
        var shift = (p.Beta != 0 ? ((float*)p.Beta)[c] : 0f) - (((float*)p.Mean)[c] * scale);
        if (!p.Streaming && VectorLoops.ServesSmallPlanes(g.Spatial))
        {
            VectorLoops.ScaleShiftPlanes(Plane(p.X, g, 0, c), Plane(p.Y, g, 0, c), (long)g.C * g.Spatial, g.N, g.Spatial, scale, shift, p.Relu);
            return;
        }

        for (var n = 0; n < g.N; n++)
        {
            if (p.Relu)
            {
                VectorLoops.ScaleShiftRelu(Plane(p.X, g, n, c), g.Spatial, scale, shift, Plane(p.Y, g, n, c), p.Streaming);
            }
            else
            {
                VectorLoops.ScaleShift(Plane(p.X, g, n, c), g.Spatial, scale, shift, Plane(p.Y, g, n, c), p.Streaming);
            }
        }

        if (p.Streaming)
        {
            StreamingStores.Fence();
        }
    }

    private static void BackwardChannel(BatchNormGeometry g, bool training, BackwardPointers p, int c, bool accumulate)
    {
        var mu = ((float*)p.Mean)[c];
        var invStd = ((float*)p.InvStd)[c];
        var masked = p.ReluOutput != 0 ? KernelScratch.Get(KernelScratch.Staging, (long)g.N * g.Spatial) : null;
        float* DyPlane(int n) => masked != null ? masked + ((long)n * g.Spatial) : Plane(p.Dy, g, n, c);
        var smallPlanes = VectorLoops.ServesSmallPlanes(g.Spatial);
        if (masked != null && smallPlanes)
        {
            VectorLoops.ReluMaskPlanes(Plane(p.Dy, g, 0, c), (long)g.C * g.Spatial, Plane(p.ReluOutput, g, 0, c), (long)g.C * g.Spatial, g.N, g.Spatial, masked);
        }

        for (var n = 0; n < g.N && masked != null && !smallPlanes; n++)
        {
            VectorLoops.ReluMask(Plane(p.Dy, g, n, c), Plane(p.ReluOutput, g, n, c), g.Spatial, DyPlane(n));
        }

        var sumDy = 0.0;
        var sumDyDeviation = 0.0;
        var first = 0;
        var dyStride = masked != null ? g.Spatial : (long)g.C * g.Spatial;
        for (; PlaneSums.IsSupported && first + 8 <= g.N; first += 8)
        {
            PlaneSums.AddSumAndDotDeviations(DyPlane(first), dyStride, Plane(p.X, g, first, c), (long)g.C * g.Spatial, g.Spatial, mu, ref sumDy, ref sumDyDeviation);
        }

        for (var n = first; n < g.N; n++)
        {
            var (sum, dot) = VectorLoops.SumAndDotDeviations(DyPlane(n), Plane(p.X, g, n, c), g.Spatial, mu);
            (sumDy, sumDyDeviation) = (sumDy + sum, sumDyDeviation + dot);
        }

        if (p.DGamma != 0)
        {
            ((float*)p.DGamma)[c] += (float)(sumDyDeviation * invStd);
        }

        if (p.DBeta != 0)
        {
            ((float*)p.DBeta)[c] += (float)sumDy;
        }

        if (p.Dx == 0)
        {
            return;
        }

        // dx = a dy + b (x - mean) + offset = a dy + b x + (offset - b mean); b and offset are the
        // batch-statistics terms of the gradient (absent with running statistics, so x is not read then).
        var a = invStd * (p.Gamma != 0 ? ((float*)p.Gamma)[c] : 1f);
        var b = training ? (float)(-a * invStd * invStd * sumDyDeviation / g.PerChannel) : 0f;
        var offset = training ? (float)(-a * sumDy / g.PerChannel) : 0f;
        var streaming = training && !accumulate && StreamingStores.Pay(g.Length);
        if (training && smallPlanes && !streaming)
        {
            VectorLoops.AffinePlanes(Plane(p.Dx, g, 0, c), (long)g.C * g.Spatial, DyPlane(0), dyStride, Plane(p.X, g, 0, c), (long)g.C * g.Spatial, g.N, g.Spatial, a, b, offset - (b * mu), accumulate);
            return;
        }

        for (var n = 0; n < g.N; n++)
        {
            if (!training)
            {
                var dxPlane = new Span<float>(Plane(p.Dx, g, n, c), g.Spatial);
                var dyPlane = new ReadOnlySpan<float>(DyPlane(n), g.Spatial);
                if (accumulate)
                {
                    TensorPrimitives.MultiplyAdd(dyPlane, a, dxPlane, dxPlane);
                }
                else
                {
                    TensorPrimitives.Multiply(dyPlane, a, dxPlane);
                }

                continue;
            }

            VectorLoops.Affine(Plane(p.Dx, g, n, c), DyPlane(n), Plane(p.X, g, n, c), g.Spatial, a, b, offset - (b * mu), accumulate, streaming);
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

    /// <summary>The first of the Spatial elements of image n, channel c.</summary>
    private static float* Plane(nint pointer, BatchNormGeometry g, int n, int c) => (float*)pointer + ((((long)n * g.C) + c) * g.Spatial);

    /// <summary>The buffers of one normalisation, as addresses (0 = absent) so the per-channel blocks can share them.</summary>
    private readonly record struct NormalizePointers(nint X, nint Mean, nint InvStd, nint Gamma, nint Beta, nint Y, bool Relu)
    {
        /// <summary>Whether y is written with streaming stores (<see cref="StreamingStores"/>).</summary>
        public bool Streaming { get; init; }
    }

    /// <summary>The buffers of one backward call, as addresses (0 = absent) so the per-channel blocks can share them.</summary>
    private readonly record struct BackwardPointers(nint X, nint Dy, nint Mean, nint InvStd, nint Gamma, nint Dx, nint DGamma, nint DBeta, nint ReluOutput);
}
