using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// Direct convolution for geometries with one input channel per group (depthwise, Groups == Cin, as in
/// MobileNet's and ShuffleNet's separable convolutions; also any convolution of a single-channel input). Each output
/// channel filters one input plane, so im2col + GEMM would multiply a 1-row matrix; summing the taps directly is
/// cheaper. Every plane is staged as a <see cref="DepthwisePlan"/> (zero padding and, for stride S &gt; 1, S x S phase
/// planes), so every stride, dilation and plane width, down to the 4 x 4 planes of a ShuffleNet's last stage, runs the
/// same whole-vector loops (<see cref="DepthwiseTaps"/>). Blocks are fixed runs of input planes (forward,
/// backward-data; sized by the work, not by the thread count) or one output channel summing over the images in order
/// (backward-weight), so results never depend on the thread count. Reached through <see cref="Convolution"/>, which
/// validates the buffers; backward methods accumulate.
/// </summary>
internal static unsafe class DepthwiseConvolution
{
    // Multiply-adds (vector lanes) per block: enough to dwarf a block's hand-off, small enough to balance two cores.
    private const long BlockWork = 1 << 15;


    internal static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        var plan = new DepthwisePlan(g);
        var planes = g.N * g.Cin;
        var blocks = BlockCount(planes, (long)g.OutPerGroup * g.OutPlane * g.KH * g.KW);
        fixed (float* px = input, pw = weight, pb = bias, py = output)
        {
            var pointers = (X: (nint)px, W: (nint)pw, B: bias.IsEmpty ? 0 : (nint)pb, Y: (nint)py);
            KernelParallel.For(blocks, (Plan: plan, P: pointers, Planes: planes, Blocks: blocks, Small: DepthwiseSmallPlanes.Applies(g), SmallStrideTwo: DepthwiseSmallPlanes.AppliesStrideTwo(g), RowPairs: DepthwiseRowPairs.Applies(g), StrideTwoRows: DepthwiseStrideTwoRows.Applies(g), StrideOneRows: DepthwiseStrideOneRows.Applies(g), FlatPlanes: DepthwiseFlatPlanes.Applies(g), EightWideRows: DepthwiseEightWideRows.Applies(g)), static (s, block) =>
            {
                var (first, end) = Range(block, s.Blocks, s.Planes);
                if (s.EightWideRows)
                {
                    DepthwiseEightWideRows.Forward(s.Plan.G, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
                    return;
                }

                if (s.FlatPlanes)
                {
                    DepthwiseFlatPlanes.Forward(s.Plan.G, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
                    return;
                }

                if (s.StrideOneRows)
                {
                    DepthwiseStrideOneRows.Forward(s.Plan.G, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
                    return;
                }

                if (s.RowPairs)
                {
                    DepthwiseRowPairs.Forward(s.Plan.G, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
                    return;
                }

                if (s.Small)
                {
                    DepthwiseSmallPlanes.Forward(s.Plan.G, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
                    return;
                }

                if (s.StrideTwoRows)
                {
                    DepthwiseStrideTwoRows.Forward(s.Plan.G, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
                    return;
                }

                if (s.SmallStrideTwo)
                {
                    DepthwiseSmallPlanes.ForwardStrideTwo(s.Plan.G, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
                    return;
                }

                ForwardPlanes(s.Plan, (float*)s.P.X, (float*)s.P.W, (float*)s.P.B, (float*)s.P.Y, first, end);
            });
        }
    }

    internal static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad, bool accumulate)
    {
        var plan = new DepthwisePlan(g);
        var planes = g.N * g.Cin;
        var blocks = BlockCount(planes, (long)g.OutPerGroup * g.InPlane * g.KH * g.KW / g.Stride / g.Stride);
        fixed (float* pdy = outputGrad, pw = weight, pdx = inputGrad)
        {
            KernelParallel.For(blocks, (Plan: plan, Dy: (nint)pdy, W: (nint)pw, Dx: (nint)pdx, Planes: planes, Blocks: blocks, Accumulate: accumulate, Small: DepthwiseSmallPlanes.Applies(g), SmallStrideTwo: DepthwiseSmallPlanes.AppliesStrideTwo(g), RowPairs: DepthwiseRowPairs.Applies(g), StrideTwoRows: DepthwiseStrideTwoRows.Applies(g), StrideOneRows: DepthwiseStrideOneRows.Applies(g), FlatPlanes: DepthwiseFlatPlanes.Applies(g), EightWideRows: DepthwiseEightWideRows.Applies(g)), static (s, block) =>
            {
                var (first, end) = Range(block, s.Blocks, s.Planes);
                if (s.EightWideRows)
                {
                    DepthwiseEightWideRows.BackwardData(s.Plan.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
                    return;
                }

                if (s.FlatPlanes)
                {
                    DepthwiseFlatPlanes.BackwardData(s.Plan.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
                    return;
                }

                if (s.StrideOneRows)
                {
                    DepthwiseStrideOneRows.BackwardData(s.Plan.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
                    return;
                }

                if (s.Small)
                {
                    DepthwiseSmallPlanes.BackwardData(s.Plan.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
                    return;
                }

                if (s.StrideTwoRows)
                {
                    DepthwiseStrideTwoRows.BackwardData(s.Plan.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
                    return;
                }

                if (s.SmallStrideTwo)
                {
                    DepthwiseSmallPlanes.BackwardDataStrideTwo(s.Plan.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
                    return;
                }

                if (s.RowPairs)
                {
                    DepthwiseRowPairs.BackwardData(s.Plan.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
                    return;
                }

                BackwardDataPlanes(s.Plan, (float*)s.Dy, (float*)s.W, (float*)s.Dx, first, end, s.Accumulate);
            });
        }
    }

    internal static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> weightGrad)
    {
        var plan = new DepthwisePlan(g);
        var fourByFour = !DepthwiseChannelPairWeights.Applies(g) && DepthwiseFourByFourWeights.Applies(g);
        var space = stackalloc int[fourByFour ? DepthwiseFourByFourWeights.TableLength(g) : 0];
        var tables = fourByFour ? DepthwiseFourByFourWeights.BuildTables(g, space) : null;
        fixed (float* px = input, pdy = outputGrad, pdw = weightGrad)
        {
            if (DepthwiseChannelPairWeights.Applies(g))
            {
                DepthwiseChannelPairWeights.BackwardWeight(g, px, pdy, pdw);
                return;
            }

            if (fourByFour)
            {
                var groups = (g.Cout + DepthwiseFourByFourWeights.Channels - 1) / DepthwiseFourByFourWeights.Channels;
                KernelParallel.For(groups, (G: g, X: (nint)px, Dy: (nint)pdy, Dw: (nint)pdw, Tables: (nint)tables), static (s, group) =>
                {
                    var first = group * DepthwiseFourByFourWeights.Channels;
                    var end = Math.Min(first + DepthwiseFourByFourWeights.Channels, s.G.Cout);
                    DepthwiseFourByFourWeights.Accumulate(s.G, (float*)s.X, (float*)s.Dy, (float*)s.Dw, first, end, (int*)s.Tables);
                });
                return;
            }

            // The 8-wide planes' own path reads a channel at a time, one channel a block (but for 3x3, below).
            if (DepthwiseEightWideWeights.Applies(g) && !DepthwiseEightWideWeights.TakesThreeByThree(g))
            {
                KernelParallel.For(g.Cout, (G: g, X: (nint)px, Dy: (nint)pdy, Dw: (nint)pdw), static (s, co) =>
                    DepthwiseEightWideWeights.Accumulate(s.G, (float*)s.X, (float*)s.Dy, (float*)s.Dw, co));
                return;
            }

            // The others walk the batch image by image, one block per thread (DepthwiseWeightBlocks: ranges of images or of channels).
            var blocks = new DepthwiseWeightBlocks(g, KernelParallel.ThreadCount);
            KernelParallel.For(blocks.Count, (Plan: plan, X: (nint)px, Dy: (nint)pdy, Dw: (nint)pdw, Blocks: blocks, Rows: DepthwiseWeightRows.Applies(g), MaskedRows: DepthwiseMaskedRowWeights.Applies(g), StrideTwo: DepthwiseStrideTwoWeights.Applies(g), EightWide: DepthwiseEightWideWeights.TakesThreeByThree(g), WideRows: DepthwiseWideRowWeights.Applies(g)), static (s, block) =>
            {
                var (first, end, firstImage, endImage, totals) = s.Blocks.Block(block);
                var x = (float*)s.X;
                var dy = (float*)s.Dy;
                if (s.EightWide)
                {
                    DepthwiseEightWideWeights.AccumulateThreeByThree(s.Plan.G, x, dy, totals, first, end, firstImage, endImage);
                }
                else if (s.WideRows)
                {
                    DepthwiseWideRowWeights.Accumulate(s.Plan.G, x, dy, totals, first, end, firstImage, endImage);
                }
                else if (s.StrideTwo)
                {
                    DepthwiseStrideTwoWeights.Accumulate(s.Plan.G, x, dy, totals, first, end, firstImage, endImage);
                }
                else if (s.Rows)
                {
                    DepthwiseWeightRows.Accumulate(s.Plan, x, dy, totals, first, end, firstImage, endImage);
                }
                else if (s.MaskedRows)
                {
                    DepthwiseMaskedRowWeights.Accumulate(s.Plan.G, x, dy, totals, first, end, firstImage, endImage);
                }
                else
                {
                    AccumulateWeightGrad(s.Plan, x, dy, totals, first, end, firstImage, endImage);
                }

                s.Blocks.Finish(block, (float*)s.Dw);
            });
            blocks.AddTo(pdw);
        }
    }

    /// <summary>Output planes of input planes [first, end) (index n Cin + ci): y = bias + the taps over the staged phases.</summary>
    private static void ForwardPlanes(DepthwisePlan plan, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var g = plan.G;
        var taps = g.KH * g.KW;
        var chunks = g.OutH * DepthwiseChunks.PerRow(g.OutW);
        var phases = KernelScratch.Get(KernelScratch.Staging, (long)plan.Phases * plan.PhaseLength);
        var offsets = stackalloc int[taps];
        var source = stackalloc int[chunks];
        var destination = stackalloc int[chunks];
        for (var t = 0; t < taps; t++)
        {
            offsets[t] = plan.TapOffset(t);
        }

        var direct = DepthwiseChunks.Forward(plan, source, destination);
        var staged = direct ? null : KernelScratch.Get(KernelScratch.Panel, (long)g.OutH * DepthwisePlan.Lanes);
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            plan.StagePhases(x + ((long)plane * g.InPlane), phases, clear: plane == first);
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                var output = y + ((((long)n * g.Cout) + co) * g.OutPlane);
                DepthwiseTaps.Correlate(phases, source, direct ? output : staged, destination, chunks, offsets, w + ((long)co * taps), taps, bias == null ? 0f : bias[co]);
                for (var oh = 0; oh < g.OutH && !direct; oh++)
                {
                    VectorLoops.Copy(staged + ((long)oh * DepthwisePlan.Lanes), output + ((long)oh * g.OutW), g.OutW);
                }
            }
        }
    }

    /// <summary>
    /// dx of input planes [first, end) (+)= the transposed convolution of their output channels' dY: the interior of
    /// each phase plane of the padded dx gathers dY through the taps that land in that phase, then the phases are folded
    /// back into dx (overwritten first when not <paramref name="accumulate"/>).
    /// </summary>
    private static void BackwardDataPlanes(DepthwisePlan plan, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        var g = plan.G;
        var taps = g.KH * g.KW;
        var chunks = 0;
        for (var p = 0; p < plan.Phases; p++)
        {
            var (_, rows, _, cols) = plan.Interior(p);
            chunks += cols == 0 ? 0 : rows * DepthwiseChunks.PerRow(cols);
        }

        var source = stackalloc int[chunks];
        var destination = stackalloc int[chunks];
        var firstChunk = stackalloc int[plan.Phases + 1];
        var origins = stackalloc int[plan.Phases];
        var widths = stackalloc int[plan.Phases];
        var stagedLength = DepthwiseChunks.Gradient(plan, source, destination, firstChunk, origins, widths);

        // Taps ordered by the phase they feed: phase p uses taps [firstTap[p], firstTap[p + 1]).
        var order = stackalloc int[taps];
        var offsets = stackalloc int[taps];
        var weights = stackalloc float[taps];
        var firstTap = stackalloc int[plan.Phases + 1];
        var k = 0;
        for (var p = 0; p < plan.Phases; p++)
        {
            firstTap[p] = k;
            for (var t = 0; t < taps; t++)
            {
                var (offset, phase) = plan.GradientTap(t);
                if (phase == p)
                {
                    (order[k], offsets[k]) = (t, offset);
                    k++;
                }
            }
        }

        firstTap[plan.Phases] = k;
        // At stride 1 with rows of whole chunks the single phase's interior is dx itself, chunks never overlap, and the
        // sums accumulate straight into dx.
        var inPlace = g.Stride == 1 && g.W % DepthwisePlan.Lanes == 0;
        var gradient = KernelScratch.Get(KernelScratch.Staging, plan.GradientLength);
        var staged = KernelScratch.Get(KernelScratch.Panel, stagedLength);
        for (var plane = first; plane < end; plane++)
        {
            var (n, ci) = Math.DivRem(plane, g.Cin);
            for (var j = 0; j < g.OutPerGroup; j++)
            {
                var co = (ci * g.OutPerGroup) + j;
                plan.StageShiftedGradient(dy + ((((long)n * g.Cout) + co) * g.OutPlane), gradient, clear: plane == first && j == 0);
                for (var i = 0; i < taps; i++)
                {
                    weights[i] = w[((long)co * taps) + order[i]];
                }

                var target = dx + ((long)plane * g.InPlane);
                var add = accumulate || j > 0;
                if (inPlace)
                {
                    DepthwiseTaps.Correlate(gradient, source, target, destination, firstChunk[1], offsets, weights, taps, 0f, add);
                    continue;
                }

                if (!add)
                {
                    new Span<float>(target, g.InPlane).Clear();
                }

                for (var p = 0; p < plan.Phases; p++)
                {
                    var (c0, t0) = (firstChunk[p], firstTap[p]);
                    DepthwiseTaps.Correlate(gradient, source + c0, staged, destination + c0, firstChunk[p + 1] - c0, offsets + t0, weights + t0, firstTap[p + 1] - t0, 0f);
                }

                plan.AccumulatePhases(staged, origins, widths, target);
            }
        }
    }

    /// <summary>
    /// Each image's 8-lane chains of dY[n, co] times the staged input under each tap, into <paramref name="totals"/>,
    /// for the channels [first, end) and images [firstImage, endImage). The images are the outer loop: each image's
    /// planes of the block's channels are one run of memory, where a channel at a time across the batch read runs of one
    /// plane, a power of two apart (as batch norm did before session 20), and waited for memory at every one.
    /// </summary>
    private static void AccumulateWeightGrad(DepthwisePlan plan, float* x, float* dy, DepthwiseTapTotals totals, int first, int end, int firstImage, int endImage)
    {
        var g = plan.G;
        var taps = g.KH * g.KW;
        var source = stackalloc int[g.OutH * ((g.OutW + DepthwisePlan.Lanes - 1) / DepthwisePlan.Lanes)];
        var chunks = DepthwiseChunks.Weight(plan, source);
        var phases = KernelScratch.Get(KernelScratch.Staging, (long)plan.Phases * plan.PhaseLength);
        // Rows of whole chunks are dY's own layout: read in place.
        var inPlace = g.OutW % DepthwisePlan.Lanes == 0;
        var gradient = inPlace ? null : KernelScratch.Get(KernelScratch.Panel, (long)chunks * DepthwisePlan.Lanes);
        var offsets = stackalloc int[taps];
        for (var t = 0; t < taps; t++)
        {
            offsets[t] = plan.TapOffset(t);
        }

        for (var n = firstImage; n < endImage; n++)
        {
            for (var co = first; co < end; co++)
            {
                var ci = co / g.OutPerGroup;
                var clear = n == firstImage && co == first;
                plan.StagePhases(x + ((((long)n * g.Cin) + ci) * g.InPlane), phases, clear);
                var plane = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                if (!inPlace)
                {
                    DepthwiseChunks.StageGradientChunks(plan, plane, gradient, clear);
                }

                DepthwiseTaps.AccumulateDots(inPlace ? plane : gradient, phases, source, chunks, offsets, taps, totals.For(n, co - first));
            }
        }
    }

    private static int BlockCount(int items, long workPerItem) => (int)Math.Clamp(items * workPerItem / BlockWork, 1, items);

    private static (int First, int End) Range(int block, int blocks, int items) => ((int)((long)block * items / blocks), (int)((long)(block + 1) * items / blocks));
}
