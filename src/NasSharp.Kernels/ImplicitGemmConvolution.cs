using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Convolution as an implicit GEMM (the im2col product of Chellapilla et al. 2006 without the im2col
/// matrix): per image and group, Y[Cout_g, OutPlane] (+)= W_g[Cout_g, K] col[K, OutPlane] with the
/// weights packed once per call and every 32-column panel of col packed straight from a zero-padded
/// copy of the image, then fed to <see cref="GemmMicroKernel"/> with the bias as the accumulators'
/// start. Blocks are (image, group) pairs and each output element is one fused multiply-add chain over
/// k in a fixed order, so results do not depend on the thread count. With stride 1 the gradient of the
/// input is the same kind of convolution (of dY with the flipped, transposed kernel), so it runs here too.
/// A tuned kernel driver: longer than the usual file, on purpose.
/// </summary>
internal static unsafe class ImplicitGemmConvolution
{
    private const int MR = GemmMicroKernel.Rows;
    private const int NR = GemmMicroKernel.Columns;

    /// <summary>y = bias + conv(x, w); <paramref name="bias"/> may be null.</summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y)
    {
        var plan = new Plan(g.N, g.Groups, g.InPerGroup, g.H, g.W, g.OutPerGroup, g.OutH, g.OutW, g.KH, g.KW, g.Stride, g.Dilation, g.Padding, g.Padding, Accumulate: false);
        var weights = plan.AllocateShared();
        for (var group = 0; group < g.Groups; group++)
        {
            var groupWeights = w + ((long)group * g.OutPerGroup * plan.K);
            for (var ip = 0; ip < plan.RowPanels; ip++)
            {
                var rows = Math.Min(MR, plan.OutC - (ip * MR));
                GemmPacking.PackA(groupWeights, plan.K, false, ip * MR, rows, 0, plan.K, weights + plan.PanelOffset(group, ip));
            }
        }

        Run(plan with { Input = (nint)x, Weights = (nint)weights, Bias = (nint)bias, Output = (nint)y });
    }

    /// <summary>
    /// dx (+)= the gradient of a stride-1 convolution: dx = conv(dY, w') with w'[ci, co, i, j] =
    /// w[co, ci, KH - 1 - i, KW - 1 - j] (per group) and padding Dilation (K - 1) - Padding.
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, float* dy, float* w, float* dx, bool accumulate)
    {
        var (padH, padW) = ((g.Dilation * (g.KH - 1)) - g.Padding, (g.Dilation * (g.KW - 1)) - g.Padding);
        var plan = new Plan(g.N, g.Groups, g.OutPerGroup, g.OutH, g.OutW, g.InPerGroup, g.H, g.W, g.KH, g.KW, 1, g.Dilation, padH, padW, Accumulate: accumulate);
        var weights = plan.AllocateShared();
        var taps = g.KH * g.KW;
        for (var group = 0; group < g.Groups; group++)
        {
            for (var ci = 0; ci < g.InPerGroup; ci++)
            {
                var panel = weights + plan.PanelOffset(group, ci / MR);
                for (var co = 0; co < g.OutPerGroup; co++)
                {
                    var source = w + ((((long)(group * g.OutPerGroup) + co) * g.InPerGroup) + ci) * taps;
                    for (var t = 0; t < taps; t++)
                    {
                        panel[((((co * taps) + t) * MR) + (ci % MR))] = source[taps - 1 - t];
                    }
                }
            }

            ZeroPaddingRows(plan, weights, group);
        }

        Run(plan with { Input = (nint)dy, Weights = (nint)weights, Output = (nint)dx });
    }

    private static void ZeroPaddingRows(Plan plan, float* weights, int group)
    {
        var last = plan.RowPanels - 1;
        var rows = plan.OutC - (last * MR);
        var panel = weights + plan.PanelOffset(group, last);
        for (var p = 0; p < plan.K; p++)
        {
            new Span<float>(panel + (p * MR) + rows, MR - rows).Clear();
        }
    }

    private static void Run(Plan plan)
    {
        var offsets = (int*)plan.Weights + plan.SharedWeightFloats;
        var shifted = plan.ReadsShiftedRows;
        for (var k = 0; k < plan.K; k++)
        {
            var (c, tap) = Math.DivRem(k, plan.KH * plan.KW);
            var (kh, kw) = Math.DivRem(tap, plan.KW);
            var row = plan.PadTop - plan.PadH + (kh * plan.Dilation);
            offsets[k] = shifted
                ? ShiftedRows.Offset(c, row, kw, plan.OutW, plan.ShiftedPlane, plan.ShiftedCopyFloats)
                : (c * plan.PaddedPlane) + (row * plan.PaddedW) + (plan.PadLeft - plan.PadW + (kw * plan.Dilation));
        }

        if (plan.JoinsImages)
        {
            var images = plan.JoinedImages;
            var imageBlocks = (plan.N + images - 1) / images;
            KernelParallel.For(imageBlocks * plan.Groups, plan with { Offsets = (nint)offsets }, static (p, block) =>
            {
                var (imageBlock, group) = Math.DivRem(block, p.Groups);
                var images = p.JoinedImages;
                Joined(p, imageBlock * images, Math.Min(p.N, (imageBlock + 1) * images), group);
            });
            return;
        }

        KernelParallel.For(plan.N * plan.Groups, plan with { Offsets = (nint)offsets }, static (p, block) => Image(p, block / p.Groups, block % p.Groups));
    }

    /// <summary>
    /// Images [n0, n1) of one group on the shifted path with their column panels laid end to end: an image's last, partial
    /// panel is completed by the next image's first columns, packed from both images (a 7 x 7 plane's 49 columns take two
    /// panels alone, 1.53 joined; 14 x 14's 196 seven, 6.1). Only the block's last image ends in a partial panel. Every
    /// column goes through the same chains over the same values as in <see cref="Image"/>, so the results are the same bits.
    /// </summary>
    private static void Joined(Plan p, int n0, int n1, int group)
    {
        var panel = KernelScratch.Get(KernelScratch.Panel, (long)p.K * NR);
        var weights = (float*)p.Weights + p.PanelOffset(group, 0);
        var bias = p.Bias == 0 ? null : (float*)p.Bias + (group * p.OutC);
        var tile = stackalloc float[MR * NR];
        var inputFloats = (long)p.InC * p.H * p.W;
        float* previous = null;
        var carried = 0;
        for (var n = n0; n < n1; n++)
        {
            var input = (float*)p.Input + ((((long)n * p.Groups) + group) * inputFloats);
            var image = p.ShiftedRowsAreTheInput ? input : StageShifted(p, input);
            var output = (float*)p.Output + ((((long)n * p.Groups) + group) * p.OutC * p.OutPlane);
            var start = carried == 0 ? 0 : NR - carried;
            var end = start + ((p.OutPlane - start) / NR * NR);
            var ahead = new SpreadPrefetch(image == input && n + 1 < p.N ? input + (p.Groups * inputFloats) : null, inputFloats, null, 0, ((end - start) / NR) + 2);
            if (carried > 0)
            {
                // The panel holds the previous image's last columns; its other columns are this image's first.
                ahead.Step();
                PackColumns(p, image, 0, start, panel + carried);
                for (var ip = 0; ip < p.RowPanels; ip++)
                {
                    var rowOffset = (long)ip * MR * p.OutPlane;
                    JoinedTile(p, weights + ((long)ip * p.K * MR), panel, previous + rowOffset + p.OutPlane - carried, carried, output + rowOffset, tile, bias == null ? null : bias + (ip * MR));
                }
            }

            InPlacePanels(p, image, weights, bias, output, start, end, NR / 2, shifted: true, ref ahead);
            ahead.Step();
            var rest = p.OutPlane - end;
            if (rest > 0 && n + 1 < n1)
            {
                PackColumns(p, image, end, rest, panel);
                previous = output;
                carried = rest;
                continue;
            }

            carried = 0;
            if (rest > 0)
            {
                PackShiftedPanel(p, image + end, rest, panel);
                for (var ip = 0; ip < p.RowPanels; ip++)
                {
                    GemmMicroKernel.Tile(weights + ((long)ip * p.K * MR), panel, p.K, output + ((long)ip * MR * p.OutPlane) + end, p.OutPlane, MR, rest, p.Accumulate, bias == null ? null : bias + (ip * MR));
                }
            }
        }
    }

    /// <summary>
    /// One row panel's tile of a joined column panel, through <paramref name="tile"/>: its first <paramref name="carried"/>
    /// columns end the previous image's output rows at <paramref name="tail"/>, the others start this image's at <paramref name="head"/>.
    /// </summary>
    private static void JoinedTile(Plan p, float* weights, float* panel, float* tail, int carried, float* head, float* tile, float* bias)
    {
        var (ending, starting) = (new ShortRun(carried), new ShortRun(NR - carried));
        for (var r = 0; r < MR && p.Accumulate; r++)
        {
            ending.Copy(tail + ((long)r * p.OutPlane), tile + (r * NR));
            starting.Copy(head + ((long)r * p.OutPlane), tile + (r * NR) + carried);
        }

        GemmMicroKernel.Tile(weights, panel, p.K, tile, NR, MR, NR, p.Accumulate, bias);
        for (var r = 0; r < MR; r++)
        {
            ending.Copy(tile + (r * NR), tail + ((long)r * p.OutPlane));
            starting.Copy(tile + (r * NR) + carried, head + ((long)r * p.OutPlane));
        }
    }

    /// <summary>panel[k NR + j] = the shifted rows' run for tap k at column q + j of <paramref name="image"/>, j &lt; count (the panel's other columns kept).</summary>
    private static void PackColumns(Plan p, float* image, int q, int count, float* target)
    {
        var run = new ShortRun(count);
        var offsets = (int*)p.Offsets;
        for (var k = 0; k < p.K; k++)
        {
            run.Copy(image + offsets[k] + q, target + ((long)k * NR));
        }
    }

    /// <summary>
    /// Full column panels [from, to) read in place: row panel by row panel, each sweeping the columns, so the output is
    /// written as MR sequential runs at a time instead of OutC interleaved ones (the same tiles, the same sums).
    /// </summary>
    private static void InPlacePanels(Plan p, float* image, float* weights, float* bias, float* output, int from, int to, int high, bool shifted, ref SpreadPrefetch ahead)
    {
        var offsets = (int*)p.Offsets;
        for (var ip = 0; ip < p.RowPanels; ip++)
        {
            var panelWeights = weights + ((long)ip * p.K * MR);
            var panelOutput = output + ((long)ip * MR * p.OutPlane);
            var panelBias = bias == null ? null : bias + (ip * MR);
            for (var q0 = from; q0 < to; q0 += NR)
            {
                if (ip == 0)
                {
                    ahead.Step();
                }

                var (oh, ow) = Math.DivRem(q0, p.OutW);
                var rows = shifted ? image + q0 : image + (oh * p.PaddedW) + ow;
                GemmMicroKernel.TileFromRows(panelWeights, rows, offsets, high, p.K, panelOutput + q0, p.OutPlane, p.Accumulate, panelBias);
            }
        }
    }

    /// <summary>One (image, group): stage the padded input, then pack and multiply panel by panel.</summary>
    private static void Image(Plan p, int n, int group)
    {
        var input = (float*)p.Input + ((((long)n * p.Groups) + group) * p.InC * p.H * p.W);
        var shifted = p.ReadsShiftedRows;
        var image = shifted ? (p.ShiftedRowsAreTheInput ? input : StageShifted(p, input)) : p.PadH > 0 || p.PadW > 0 ? Stage(p, input) : input;
        var panel = KernelScratch.Get(KernelScratch.Panel, (long)p.K * NR);
        var output = (float*)p.Output + ((((long)n * p.Groups) + group) * p.OutC * p.OutPlane);
        var weights = (float*)p.Weights + p.PanelOffset(group, 0);
        var bias = p.Bias == 0 ? null : (float*)p.Bias + (group * p.OutC);
        Span<float> biasBuffer = stackalloc float[MR];
        var offsets = (int*)p.Offsets;
        var inPlace = p.ReadsRowsInPlace || shifted;
        // An unstaged input (no padding, as in a 1x1 convolution) is read from memory as one run per channel: the next
        // image's is asked for while this one is multiplied, a share per column panel.
        var inputFloats = (long)p.InC * p.H * p.W;
        var panels = (p.OutPlane + NR - 1) / NR;
        var ahead = new SpreadPrefetch(image == input && n + 1 < p.N ? input + (p.Groups * inputFloats) : null, inputFloats, null, 0, panels);
        if (inPlace && (p.OutPlane % NR == 0 || shifted))
        {
            // Every full panel is read in place. Shifted copies hold a panel's 32 columns as one run whatever the row width;
            // their last, partial panel is packed once for every row panel.
            var high = p.OutW == NR / 2 && !shifted ? p.PaddedW : NR / 2;
            var full = p.OutPlane - (p.OutPlane % NR);
            InPlacePanels(p, image, weights, bias, output, 0, full, high, shifted, ref ahead);

            if (full < p.OutPlane)
            {
                ahead.Step();
                var cols = p.OutPlane - full;
                PackShiftedPanel(p, image + full, cols, panel);
                for (var ip = 0; ip < p.RowPanels; ip++)
                {
                    GemmMicroKernel.Tile(weights + ((long)ip * p.K * MR), panel, p.K, output + ((long)ip * MR * p.OutPlane) + full, p.OutPlane, MR, cols, p.Accumulate, bias == null ? null : bias + (ip * MR));
                }
            }

            return;
        }

        for (var q0 = 0; q0 < p.OutPlane; q0 += NR)
        {
            ahead.Step();
            var cols = Math.Min(NR, p.OutPlane - q0);
            if (inPlace && cols == NR)
            {
                // Stride 1, one output row of 32 (or two of 16): the panel's rows are rows of the padded image, read in place.
                var (oh, ow) = Math.DivRem(q0, p.OutW);
                var rows = image + (oh * p.PaddedW) + ow;
                var high = p.OutW == NR / 2 ? p.PaddedW : NR / 2;
                for (var ip = 0; ip < p.RowPanels; ip++)
                {
                    GemmMicroKernel.TileFromRows(weights + ((long)ip * p.K * MR), rows, offsets, high, p.K, output + ((long)ip * MR * p.OutPlane) + q0, p.OutPlane, p.Accumulate, bias == null ? null : bias + (ip * MR));
                }

                continue;
            }

            PackPanel(p, image, q0, cols, panel, image != input);
            for (var ip = 0; ip < p.RowPanels; ip++)
            {
                var rows = Math.Min(MR, p.OutC - (ip * MR));
                var rowBias = bias == null ? null : Bias8(bias + (ip * MR), rows, biasBuffer);
                GemmMicroKernel.Tile(weights + ((long)ip * p.K * MR), panel, p.K, output + ((long)ip * MR * p.OutPlane) + q0, p.OutPlane, rows, cols, p.Accumulate, rowBias);
            }
        }
    }

    private static float* Bias8(float* bias, int rows, Span<float> buffer)
    {
        if (rows == MR)
        {
            return bias;
        }

        buffer.Clear();
        new ReadOnlySpan<float>(bias, rows).CopyTo(buffer);
        return (float*)Unsafe.AsPointer(ref buffer[0]);
    }

    /// <summary>The group's input planes with PadTop / PadLeft zeros around them (negative padding is handled by the offsets).</summary>
    private static float* Stage(Plan p, float* input)
    {
        // 32 floats of slack: the stride-2 gather may read a float past the last row's last tap.
        var staged = KernelScratch.Get(KernelScratch.Staging, ((long)p.InC * p.PaddedPlane) + 32);
        for (var c = 0; c < p.InC; c++)
        {
            var plane = staged + ((long)c * p.PaddedPlane);
            new Span<float>(plane, p.PadTop * p.PaddedW).Clear();
            // Rows are short (8-32 floats with a pad of 1-3): inline stores, not three library calls per row.
            for (var h = 0; h < p.H; h++)
            {
                var row = plane + ((p.PadTop + h) * p.PaddedW);
                for (var i = 0; i < p.PadLeft; i++)
                {
                    row[i] = 0f;
                    row[p.PadLeft + p.W + i] = 0f;
                }

                VectorLoops.Copy(input + ((((long)c * p.H) + h) * p.W), row + p.PadLeft, p.W);
            }

            new Span<float>(plane + ((p.PadTop + p.H) * p.PaddedW), p.PadTop * p.PaddedW).Clear();
        }

        return staged;
    }

    /// <summary>For <see cref="Plan.ReadsShiftedRows"/>: the group's input planes as <see cref="ShiftedRows"/> copies.</summary>
    private static float* StageShifted(Plan p, float* input)
    {
        var staged = KernelScratch.Get(KernelScratch.Staging, ((long)p.KW * p.ShiftedCopyFloats) + ShiftedRows.Slack);
        ShiftedRows.Stage(input, p.InC, p.H, p.W, p.KW, p.Dilation, p.PadW, p.PadTop, p.OutW, staged);
        return staged;
    }

    /// <summary>panel[k NR + j] = the shifted rows' run for tap k at <paramref name="image"/>, j &lt; cols (0 beyond).</summary>
    private static void PackShiftedPanel(Plan p, float* image, int cols, float* panel)
    {
        var offsets = (int*)p.Offsets;
        for (var k = 0; k < p.K; k++)
        {
            var target = new Span<float>(panel + ((long)k * NR), NR);
            new ReadOnlySpan<float>(image + offsets[k], cols).CopyTo(target);
            target[cols..].Clear();
        }
    }

    /// <summary>panel[k NR + j] = col[k, q0 + j] (0 for j &gt;= cols), one output-row segment at a time.</summary>
    private static void PackPanel(Plan p, float* image, int q0, int cols, float* panel, bool staged)
    {
        var offsets = (int*)p.Offsets;
        for (var q = q0; q < q0 + cols;)
        {
            var (oh, ow) = Math.DivRem(q, p.OutW);
            var length = Math.Min(p.OutW - ow, q0 + cols - q);
            var source = image + (oh * p.Stride * p.PaddedW) + (ow * p.Stride);
            var target = panel + (q - q0);
            if (p.Stride == 1)
            {
                CopySegments(source, offsets, p.K, target, length);
            }
            else
            {
                GatherSegments(source, offsets, p.K, p.Stride, target, length, staged);
            }

            q += length;
        }

        if (cols < NR)
        {
            for (var k = 0; k < p.K; k++)
            {
                new Span<float>(panel + (k * NR) + cols, NR - cols).Clear();
            }
        }
    }

    /// <summary>target[k NR + t] = source[offsets[k] + t] for t &lt; length and every k.</summary>
    private static void CopySegments(float* source, int* offsets, int kCount, float* target, int length)
    {
        if (length == NR && Vector512.IsHardwareAccelerated)
        {
            for (var k = 0; k < kCount; k++)
            {
                var s = source + offsets[k];
                Vector512.Store(Vector512.Load(s), target + (k * NR));
                Vector512.Store(Vector512.Load(s + 16), target + (k * NR) + 16);
            }
        }
        else if (length == 16 && Vector512.IsHardwareAccelerated)
        {
            for (var k = 0; k < kCount; k++)
            {
                Vector512.Store(Vector512.Load(source + offsets[k]), target + (k * NR));
            }
        }
        else if (length == 8 && Vector256.IsHardwareAccelerated)
        {
            for (var k = 0; k < kCount; k++)
            {
                Vector256.Store(Vector256.Load(source + offsets[k]), target + (k * NR));
            }
        }
        else
        {
            for (var k = 0; k < kCount; k++)
            {
                new ReadOnlySpan<float>(source + offsets[k], length).CopyTo(new Span<float>(target + (k * NR), length));
            }
        }
    }

    /// <summary>
    /// target[k NR + t] = source[offsets[k] + t stride] for t &lt; length and every k. Stride 2 from a staged image
    /// (<paramref name="vectorized"/>) takes the even lanes of two loaded vectors with one permute; it may read one
    /// float past a row's last tap, which the staging buffer's slack covers.
    /// </summary>
    private static void GatherSegments(float* source, int* offsets, int kCount, int stride, float* target, int length, bool vectorized)
    {
        var t0 = 0;
        if (vectorized && stride == 2 && Avx512F.IsSupported)
        {
            var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            for (var k = 0; k < kCount; k++)
            {
                var s = source + offsets[k];
                var row = target + (k * NR);
                var t = 0;
                for (; t + 16 <= length; t += 16)
                {
                    Avx512F.PermuteVar16x32x2(Vector512.Load(s + (2 * t)), even, Vector512.Load(s + (2 * t) + 16)).Store(row + t);
                }

                for (; t + 8 <= length; t += 8)
                {
                    Avx512F.PermuteVar16x32(Vector512.Load(s + (2 * t)), even).GetLower().Store(row + t);
                }
            }

            t0 = length - (length % 8);
        }

        for (var k = 0; k < kCount && t0 < length; k++)
        {
            var s = source + offsets[k];
            for (var t = t0; t < length; t++)
            {
                target[(k * NR) + t] = s[t * stride];
            }
        }
    }

    /// <summary>A copy of 1 to <see cref="NR"/> floats under two 16-lane masks (lanes past the run are neither read nor written).</summary>
    private readonly struct ShortRun
    {
        private readonly Vector512<float> low;
        private readonly Vector512<float> high;

        public ShortRun(int count)
        {
            low = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
            high = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count - 16)).AsSingle();
        }

        public void Copy(float* source, float* target)
        {
            Avx512F.MaskStore(target, low, Avx512F.MaskLoad(source, low, Vector512<float>.Zero));
            Avx512F.MaskStore(target + 16, high, Avx512F.MaskLoad(source + 16, high, Vector512<float>.Zero));
        }
    }

    /// <summary>
    /// One convolution as the driver sees it: InC input channels of H x W per group, OutC output
    /// channels of OutH x OutW per group, padding per side (negative = cropping), and the call's buffers
    /// as addresses (valid while the caller's <c>fixed</c> lasts).
    /// </summary>
    private readonly record struct Plan(int N, int Groups, int InC, int H, int W, int OutC, int OutH, int OutW, int KH, int KW, int Stride, int Dilation, int PadH, int PadW, bool Accumulate)
    {
        public nint Input { get; init; }

        public nint Weights { get; init; }

        public nint Bias { get; init; }

        public nint Output { get; init; }

        public nint Offsets { get; init; }

        /// <summary>The GEMM's inner dimension: InC KH KW.</summary>
        public int K => InC * KH * KW;

        public int OutPlane => OutH * OutW;

        public int RowPanels => (OutC + MR - 1) / MR;

        /// <summary>
        /// Whether full column panels skip packing: stride 1, whole micro-panels of rows, and output rows of a multiple of
        /// 32 or of exactly 16 positions, so a panel's 32 columns are one or two contiguous runs of each padded-image row.
        /// </summary>
        public bool ReadsRowsInPlace => Stride == 1 && OutC % MR == 0 && (OutW % NR == 0 || OutW == NR / 2) && GemmMicroKernel.CanReadRowsInPlace;

        /// <summary>
        /// Whether column panels are read in place from KW shifted copies of the input (<see cref="StageShifted"/>): stride
        /// 1, whole micro-panels of rows, at least one full panel, and output rows the padded image cannot serve in place
        /// (<see cref="ReadsRowsInPlace"/>: rows of 32 or 16): 8 x 8 planes, and the 28 x 28, 14 x 14 and 7 x 7 planes of
        /// 28 x 28 images, whose panels were packed from pieces of rows.
        /// </summary>
        public bool ReadsShiftedRows => Stride == 1 && OutC % MR == 0 && OutPlane >= NR && OutW % NR != 0 && OutW != NR / 2
            && GemmMicroKernel.CanReadRowsInPlace && ShiftedRows.IsSupported;

        /// <summary>
        /// Whether blocks of <see cref="JoinedImages"/> images run their column panels end to end (<see cref="Joined"/>): the
        /// shifted path with output planes that are not whole panels (7 x 7, 14 x 14, 28 x 28).
        /// </summary>
        public bool JoinsImages => ReadsShiftedRows && OutPlane % NR != 0 && Avx512F.IsSupported;

        /// <summary>
        /// Images per block when <see cref="JoinsImages"/>: up to 8, but at least 8 blocks where there are 8 images (a
        /// block runs on one core). Every column's chains are the same whatever the blocks, so the bits do not depend on it.
        /// </summary>
        public int JoinedImages => Math.Clamp(N / 8, 1, 8);

        /// <summary>A 1-wide kernel without padding (a 1x1 convolution): the input planes are the one shifted copy.</summary>
        public bool ShiftedRowsAreTheInput => KW == 1 && PadW == 0 && PadH <= 0;

        /// <summary>One input plane in a shifted copy: the rows of the padded image (PadTop above and below), OutW floats each.</summary>
        public int ShiftedPlane => ShiftedRows.PlaneFloats(H, PadTop, OutW);

        /// <summary>One shifted copy: every input channel's plane.</summary>
        public int ShiftedCopyFloats => InC * ShiftedPlane;

        public int PadTop => Math.Max(PadH, 0);

        public int PadLeft => Math.Max(PadW, 0);

        public int PaddedW => PadH > 0 || PadW > 0 ? W + (2 * PadLeft) : W;

        public int PaddedPlane => (H + (2 * PadTop)) * PaddedW;

        public int SharedWeightFloats => Groups * RowPanels * K * MR;

        /// <summary>Where row panel <paramref name="panel"/> of <paramref name="group"/> starts in the packed weights.</summary>
        public long PanelOffset(int group, int panel) => ((long)(group * RowPanels) + panel) * K * MR;

        /// <summary>The calling thread's shared scratch: packed weights, then K int offsets.</summary>
        public float* AllocateShared() => KernelScratch.Get(KernelScratch.Shared, (long)SharedWeightFloats + K);
    }
}
