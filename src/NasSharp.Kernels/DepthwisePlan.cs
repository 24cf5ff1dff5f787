using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// How <see cref="DepthwiseConvolution"/> lays out one plane so that every tap of any stride, dilation and padding is
/// a constant offset from an output's position (a polyphase decomposition, as in DSP texts' decimating filters).
/// The zero-padded input plane is split into Stride x Stride phase planes, phase (py, px) holding padded pixels
/// (r S + py, c S + px); tap (kh, kw) reads phase ((D kh) mod S, (D kw) mod S) at row r + (D kh) div S and column
/// c + (D kw) div S. All phase planes and the staged output gradient use rows of <see cref="RowWidth"/> floats, so a
/// tap is one offset for a whole vector of outputs. Outputs are computed in chunks of 8 along a row (see
/// <see cref="DepthwiseChunks"/>); the buffers end with zeros that every chunk's reads may reach.
/// </summary>
internal readonly record struct DepthwisePlan
{
    /// <summary>Outputs per chunk: one Vector256.</summary>
    public const int Lanes = 8;

    public DepthwisePlan(Conv2dGeometry g)
    {
        G = g;
        var s = g.Stride;
        PhaseRows = (g.H + (2 * g.Padding) + s - 1) / s;
        RowShift = g.Dilation * (g.KH - 1) / s;
        ColShift = g.Dilation * (g.KW - 1) / s;
        RowWidth = Math.Max((g.W + (2 * g.Padding) + s - 1) / s, g.OutW + ColShift);
        PhaseLength = RoundUp((PhaseRows * RowWidth) + ColShift + (2 * Lanes));
        GradientLength = RoundUp(((PhaseRows + RowShift + 1) * RowWidth) + ColShift + (2 * Lanes));
    }

    public Conv2dGeometry G { get; }

    /// <summary>Rows of a phase plane: ceil((H + 2P) / S).</summary>
    public int PhaseRows { get; }

    /// <summary>The largest row offset of a tap inside its phase, (D (KH - 1)) div S.</summary>
    public int RowShift { get; }

    /// <summary>The largest column offset of a tap inside its phase, (D (KW - 1)) div S.</summary>
    public int ColShift { get; }

    /// <summary>Floats per row of the phase planes and of the staged output gradient.</summary>
    public int RowWidth { get; }

    /// <summary>Floats reserved per phase plane (data, then zeros every chunk's reads may reach).</summary>
    public int PhaseLength { get; }

    /// <summary>Floats of the output gradient staged for the input gradient (<see cref="StageShiftedGradient"/>).</summary>
    public int GradientLength { get; }

    /// <summary>Phase planes per input plane: S x S.</summary>
    public int Phases => G.Stride * G.Stride;

    /// <summary>Where tap t = kh KW + kw reads, relative to its output's position in the phase planes.</summary>
    public int TapOffset(int t)
    {
        var (kh, kw) = Math.DivRem(t, G.KW);
        var (d, s) = (G.Dilation, G.Stride);
        return (Phase((d * kh) % s, (d * kw) % s) * PhaseLength) + ((d * kh / s) * RowWidth) + (d * kw / s);
    }

    /// <summary>
    /// For the input gradient: where tap t reads the staged output gradient (<see cref="StageShiftedGradient"/>) relative
    /// to a position of its phase plane, and which phase that is. Position (r, c) of phase (py, px) of the padded input
    /// gradient sums w[t] dY[r - (D kh) div S, c - (D kw) div S] over the taps with (D kh) mod S = py, (D kw) mod S = px.
    /// </summary>
    public (int Offset, int Phase) GradientTap(int t)
    {
        var (kh, kw) = Math.DivRem(t, G.KW);
        var (d, s) = (G.Dilation, G.Stride);
        return (((RowShift - (d * kh / s)) * RowWidth) + ColShift - (d * kw / s), Phase((d * kh) % s, (d * kw) % s));
    }

    /// <summary>
    /// The part of phase plane p that holds real (unpadded) input pixels: rows [RowLo, RowLo + Rows) and columns
    /// [ColLo, ColLo + Cols) of the phase, the positions the input gradient needs.
    /// </summary>
    public (int RowLo, int Rows, int ColLo, int Cols) Interior(int p)
    {
        var (py, px) = Math.DivRem(p, G.Stride);
        var (rowLo, rowHi) = Span(G.H, py);
        var (colLo, colHi) = Span(G.W, px);
        return (rowLo, rowHi - rowLo, colLo, colHi - colLo);
    }

    /// <summary>
    /// Splits an H x W plane, zero-padded by P, into its phase planes (<see cref="Phases"/> x <see cref="PhaseLength"/>
    /// floats). Only the pixels of the plane are written: the zeros around them are written when <paramref name="clear"/>
    /// (the first plane a buffer holds) and stay, since every plane of a geometry lands on the same positions.
    /// </summary>
    public unsafe void StagePhases(float* plane, float* phases, bool clear)
    {
        if (clear)
        {
            new Span<float>(phases, Phases * PhaseLength).Clear();
        }

        var (g, s, p) = (G, G.Stride, G.Padding);
        if (s == 2)
        {
            // Row h is row (h + P) / 2 of the phases with row parity (h + P) mod 2; its even columns land in phase
            // px = P mod 2 from column P / 2, its odd ones in the other phase (shifts, not a division per row).
            var (evenPhase, oddPhase) = ((long)(p & 1) * PhaseLength, (long)(1 - (p & 1)) * PhaseLength);
            for (var h = 0; h < g.H; h++)
            {
                var row = phases + ((long)((h + p) >> 1) * RowWidth) + ((long)((h + p) & 1) * 2 * PhaseLength);
                DepthwiseTaps.Deinterleave(plane + ((long)h * g.W), g.W, row + evenPhase + (p / 2), row + oddPhase + ((p + 1) / 2));
            }

            return;
        }

        if (s == 1)
        {
            // One phase: row h lands P rows and P columns in. Rows of 16k and of 8 are copied inline (a call and a
            // division per row cost the 16 x 16 weight gradient 1.16x in session 26).
            var target = phases + ((long)p * RowWidth) + p;
            for (var h = 0; h < g.H; h++)
            {
                CopyRow(plane + ((long)h * g.W), target + ((long)h * RowWidth), g.W);
            }

            return;
        }

        for (var h = 0; h < g.H; h++)
        {
            var (r, py) = Math.DivRem(h + p, s);
            var source = plane + ((long)h * g.W);
            var row = phases + ((long)r * RowWidth);
            if (s == 1)
            {
                VectorLoops.Copy(source, row + p, g.W);
            }
            else
            {
                for (var w = 0; w < g.W; w++)
                {
                    var (c, px) = Math.DivRem(w + p, s);
                    row[((long)Phase(py, px) * PhaseLength) + c] = source[w];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyRow(float* source, float* target, int width)
    {
        if (Vector512.IsHardwareAccelerated && width % (2 * Lanes) == 0)
        {
            for (var w = 0; w < width; w += 2 * Lanes)
            {
                Vector512.Store(Vector512.Load(source + w), target + w);
            }
        }
        else if (width == Lanes)
        {
            Vector256.Store(Vector256.Load(source), target);
        }
        else
        {
            VectorLoops.Copy(source, target, width);
        }
    }

    /// <summary>
    /// An OutH x OutW plane into rows of RowWidth starting RowShift rows and ColShift columns in, zeros elsewhere
    /// (<see cref="GradientLength"/> floats; the zeros written only when <paramref name="clear"/>, as <see cref="StagePhases"/>).
    /// </summary>
    public unsafe void StageShiftedGradient(float* plane, float* staged, bool clear)
    {
        if (clear)
        {
            new Span<float>(staged, GradientLength).Clear();
        }

        var start = staged + (RowShift * RowWidth) + ColShift;
        for (var oh = 0; oh < G.OutH; oh++)
        {
            VectorLoops.Copy(plane + ((long)oh * G.OutW), start + ((long)oh * RowWidth), G.OutW);
        }
    }

    /// <summary>
    /// dx (H x W) += the input gradient's phase interiors, phase p's row r staged at <paramref name="origins"/>[p] + r
    /// <paramref name="widths"/>[p] (<see cref="DepthwiseChunks.Gradient"/>): the inverse of <see cref="StagePhases"/>, accumulating.
    /// </summary>
    public unsafe void AccumulatePhases(float* staged, int* origins, int* widths, float* plane)
    {
        var (g, s, p) = (G, G.Stride, G.Padding);
        if (s == 1)
        {
            // One phase, its interior is the plane: rows of widths[0] (W, or 8 for planes narrower than a chunk).
            var first = staged + origins[0] + ((long)p * widths[0]);
            if (widths[0] == g.W)
            {
                DepthwiseTaps.AddInto(first, plane, g.H * g.W);
                return;
            }

            for (var h = 0; h < g.H; h++)
            {
                DepthwiseTaps.AddInto(first + ((long)h * widths[0]), plane + ((long)h * g.W), g.W);
            }

            return;
        }

        if (s == 2)
        {
            // Row h's even pixels start phase (py, P mod 2)'s interior row, its odd pixels the other phase's, with
            // (r, py) = ((h + P) / 2, (h + P) mod 2).
            for (var h = 0; h < g.H; h++)
            {
                var (r, py) = ((h + p) >> 1, (h + p) & 1);
                var (even, odd) = ((py * 2) + (p & 1), (py * 2) + 1 - (p & 1));
                var evenRow = staged + origins[even] + ((long)r * widths[even]);
                var oddRow = staged + origins[odd] + ((long)r * widths[odd]);
                DepthwiseTaps.InterleaveInto(evenRow, oddRow, plane + ((long)h * g.W), g.W);
            }

            return;
        }

        for (var h = 0; h < g.H; h++)
        {
            var (r, py) = Math.DivRem(h + p, s);
            var target = plane + ((long)h * g.W);

            for (var w = 0; w < g.W; w++)
            {
                var (c, px) = Math.DivRem(w + p, s);
                var phase = Phase(py, px);
                target[w] += staged[origins[phase] + (r * widths[phase]) + (c - Interior(phase).ColLo)];
            }
        }
    }

    private static int RoundUp(int length) => (length + 15) / 16 * 16;

    private int Phase(int py, int px) => (py * G.Stride) + px;

    /// <summary>Phase rows (or columns) [lo, hi) whose padded index r S + phase - P lies in [0, size).</summary>
    private (int Lo, int Hi) Span(int size, int phase)
    {
        var (s, p) = (G.Stride, G.Padding);
        var lo = Math.Max(0, p - phase + s - 1) / s;
        var last = size - 1 + p - phase;
        var hi = last < 0 ? 0 : (last / s) + 1;
        return (lo, Math.Max(lo, hi));
    }
}
