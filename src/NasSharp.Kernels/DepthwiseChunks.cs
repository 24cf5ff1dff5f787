namespace NasSharp.Kernels;

/// <summary>
/// The chunk tables of <see cref="DepthwiseConvolution"/>: where each vector of 8 outputs starts in the flat planes of
/// a <see cref="DepthwisePlan"/> (source) and where its values go (destination). A row of at least 8 outputs is
/// covered by whole chunks, the last one overlapping its neighbour (it recomputes a few outputs with the same sums,
/// so storing them twice is harmless); a row of fewer than 8 takes one chunk whose extra lanes land in padding.
/// </summary>
internal static unsafe class DepthwiseChunks
{
    private const int Lanes = DepthwisePlan.Lanes;

    /// <summary>Chunks of one row of <paramref name="cols"/> outputs (at least 1).</summary>
    public static int PerRow(int cols) => cols < Lanes ? 1 : (cols + Lanes - 1) / Lanes;

    /// <summary>
    /// The forward pass: output (oh, ow) reads the phases from oh RowWidth + ow. With rows of at least 8 outputs the
    /// chunks store straight into the output plane; narrower rows go to a staging plane with rows of 8 (returns false).
    /// </summary>
    public static bool Forward(DepthwisePlan plan, int* source, int* destination)
    {
        var g = plan.G;
        var direct = g.OutW >= Lanes;
        var k = 0;
        for (var oh = 0; oh < g.OutH; oh++)
        {
            k = Row(oh * plan.RowWidth, oh * (direct ? g.OutW : Lanes), 0, g.OutW, source, destination, k);
        }

        return direct;
    }

    /// <summary>
    /// The weight gradient: non-overlapping chunks (each output counted once), chunk k reading dY staged in rows of
    /// whole chunks at k x 8 (<see cref="StageGradientChunks"/>) and the phases from oh RowWidth + ow. Returns the count.
    /// </summary>
    public static int Weight(DepthwisePlan plan, int* source)
    {
        var g = plan.G;
        var k = 0;
        for (var oh = 0; oh < g.OutH; oh++)
        {
            for (var ow = 0; ow < g.OutW; ow += Lanes)
            {
                source[k++] = (oh * plan.RowWidth) + ow;
            }
        }

        return k;
    }

    /// <summary>
    /// dY (OutH x OutW) into rows of whole chunks (OutW rounded up to 8), zero-padded: <see cref="Weight"/>'s layout (the
    /// zeros written only when <paramref name="clear"/>, as <see cref="DepthwisePlan.StagePhases"/>).
    /// </summary>
    public static void StageGradientChunks(DepthwisePlan plan, float* plane, float* staged, bool clear)
    {
        var g = plan.G;
        var width = (g.OutW + Lanes - 1) / Lanes * Lanes;
        if (clear)
        {
            new Span<float>(staged, g.OutH * width).Clear();
        }

        for (var oh = 0; oh < g.OutH; oh++)
        {
            VectorLoops.Copy(plane + ((long)oh * g.OutW), staged + ((long)oh * width), g.OutW);
        }
    }

    /// <summary>
    /// The input gradient: the interior of every phase plane (<see cref="DepthwisePlan.Interior"/>), position (r, c)
    /// read from r RowWidth + c of the staged dY; phase p's values are staged densely in rows of
    /// <paramref name="widths"/>[p], its row r (a phase row, from its interior's first) at <paramref name="origins"/>[p] +
    /// r widths[p], and its chunks are [<paramref name="firstChunk"/>[p], firstChunk[p + 1]). Returns the floats the
    /// staged phases take.
    /// </summary>
    public static int Gradient(DepthwisePlan plan, int* source, int* destination, int* firstChunk, int* origins, int* widths)
    {
        var (k, length) = (0, 0);
        for (var p = 0; p < plan.Phases; p++)
        {
            var (rowLo, rows, colLo, cols) = plan.Interior(p);
            (firstChunk[p], widths[p]) = (k, Math.Max(cols, Lanes));
            origins[p] = length - (rowLo * widths[p]);
            for (var r = rowLo; r < rowLo + rows && cols > 0; r++)
            {
                k = Row(r * plan.RowWidth, length + ((r - rowLo) * widths[p]), colLo, cols, source, destination, k);
            }

            length += rows * widths[p];
        }

        firstChunk[plan.Phases] = k;
        return length;
    }

    /// <summary>Chunks covering columns [c0, c0 + cols) of one row: whole chunks, the last overlapping when cols is not a multiple of 8.</summary>
    private static int Row(int sourceRow, int destinationRow, int c0, int cols, int* source, int* destination, int k)
    {
        var c = 0;
        for (; c + Lanes <= cols; c += Lanes)
        {
            (source[k], destination[k]) = (sourceRow + c0 + c, destinationRow + c);
            k++;
        }

        if (c < cols)
        {
            var last = Math.Max(0, cols - Lanes);
            (source[k], destination[k]) = (sourceRow + c0 + last, destinationRow + last);
            k++;
        }

        return k;
    }
}
