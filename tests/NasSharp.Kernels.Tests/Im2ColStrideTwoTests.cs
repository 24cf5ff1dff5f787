namespace NasSharp.Kernels.Tests;

/// <summary>
/// The stride-2 vector paths of im2col and col2im (even lanes of a 16-float window, or odd lanes of the window one
/// float earlier at the end of a row) against the plain element loops, bit for bit: rows long enough for whole
/// blocks, rows where the last block overlaps, rows too short for the earlier window, rows of fewer than 8 outputs (one
/// masked load and store), and targets holding -0; and the
/// register fold of 3x3 kernels with padding 1 (<c>StrideTwoFold</c>) on every even row width it takes.
/// </summary>
public class Im2ColStrideTwoTests
{
    /// <summary>channels, H, W, KH, KW, padding, dilation.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 2, 32, 32, 3, 3, 1, 1 },  // NAS-Bench-201's reduction: 16 outputs per row
        new[] { 2, 16, 16, 3, 3, 1, 1 },  // 8 outputs per row, 7 of them inside the image for the edge taps
        new[] { 1, 33, 31, 3, 3, 1, 1 },  // odd rows: the last block overlaps the one before
        new[] { 2, 20, 40, 5, 5, 2, 1 },
        new[] { 1, 15, 15, 1, 1, 0, 1 },  // 15-float rows: no window one float earlier at the row start
        new[] { 1, 17, 35, 3, 3, 2, 2 },  // dilated
        new[] { 3, 28, 28, 3, 3, 1, 1 },  // the register fold (3x3, padding 1, even rows up to 32): 14 outputs per row
        new[] { 2, 14, 14, 3, 3, 1, 1 },  // 7 outputs per row
        new[] { 2, 7, 8, 3, 3, 1, 1 },    // an odd number of rows: the last output row reaches one input row
        new[] { 1, 2, 2, 3, 3, 1, 1 },    // one output
        new[] { 1, 5, 30, 3, 3, 1, 1 },   // 15 outputs per row: both halves of the row partial
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Expand_StrideTwo_IsBitwiseTheElementLoop(int[] d)
    {
        var g = new Conv2dGeometry(1, d[0], d[1], d[2], 1, d[3], d[4], 2, d[5], d[6]);
        var x = TestData.Random(3, g.InPerGroup * g.InPlane);
        var columns = new float[g.ColumnRows * g.OutPlane];
        Im2Col.Expand(g, x, columns);
        Assert.Equal(ExpandByElements(g, x), columns);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Fold_StrideTwo_IsBitwiseTheElementLoop(int[] d)
    {
        var g = new Conv2dGeometry(1, d[0], d[1], d[2], 1, d[3], d[4], 2, d[5], d[6]);
        var columns = TestData.Random(4, g.ColumnRows * g.OutPlane);
        var start = TestData.Random(5, g.InPerGroup * g.InPlane);
        for (var i = 0; i < start.Length; i += 3)
        {
            start[i] = -0f;   // a lane the blend must leave alone keeps its sign (-0 + 0 would be +0)
        }

        for (var i = 0; i < columns.Length; i += 5)
        {
            columns[i] = -0f;   // -0 + -0 stays -0 only if no +0 was added on the way
        }

        var folded = (float[])start.Clone();
        Im2Col.Fold(g, columns, folded);
        var expected = FoldByElements(g, columns, (float[])start.Clone());
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), folded.Select(BitConverter.SingleToInt32Bits));
    }

    private static float[] ExpandByElements(Conv2dGeometry g, float[] x)
    {
        var columns = new float[g.ColumnRows * g.OutPlane];
        ForEachTap(g, (row, q, source) => columns[(row * g.OutPlane) + q] = source < 0 ? 0f : x[source]);
        return columns;
    }

    private static float[] FoldByElements(Conv2dGeometry g, float[] columns, float[] grad)
    {
        ForEachTap(g, (row, q, source) =>
        {
            if (source >= 0)
            {
                grad[source] += columns[(row * g.OutPlane) + q];
            }
        });
        return grad;
    }

    /// <summary>Calls visit(column row, output position, input index or -1 in the padding) in im2col's order.</summary>
    private static void ForEachTap(Conv2dGeometry g, Action<int, int, int> visit)
    {
        for (var c = 0; c < g.InPerGroup; c++)
        {
            for (var kh = 0; kh < g.KH; kh++)
            {
                for (var kw = 0; kw < g.KW; kw++)
                {
                    var row = (((c * g.KH) + kh) * g.KW) + kw;
                    for (var oh = 0; oh < g.OutH; oh++)
                    {
                        for (var ow = 0; ow < g.OutW; ow++)
                        {
                            var (ih, iw) = ((oh * g.Stride) + (kh * g.Dilation) - g.Padding, (ow * g.Stride) + (kw * g.Dilation) - g.Padding);
                            var inside = ih >= 0 && ih < g.H && iw >= 0 && iw < g.W;
                            visit(row, (oh * g.OutW) + ow, inside ? (((c * g.H) + ih) * g.W) + iw : -1);
                        }
                    }
                }
            }
        }
    }
}
