using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class AveragePoolingTests
{
    /// <summary>N, C, H, W, kernel, stride, padding, countIncludePad; the stride-1 rows cover the vector paths (widths 8, 16+, odd, even kernels).</summary>
    public static TheoryData<int, int, int, int, int, int, int, bool> Geometries => new()
    {
        { 2, 3, 5, 7, 3, 2, 1, true },
        { 2, 3, 5, 7, 3, 2, 1, false },
        { 1, 2, 7, 5, 3, 1, 1, false },
        { 2, 3, 6, 6, 2, 2, 0, true },
        { 1, 1, 5, 7, 3, 3, 0, true },
        { 2, 2, 4, 5, 5, 2, 2, false },
        { 2, 3, 9, 19, 3, 1, 1, false },
        { 1, 2, 16, 33, 3, 1, 1, true },
        { 2, 2, 8, 8, 3, 1, 1, false },
        { 1, 1, 6, 20, 5, 1, 2, false },
        { 1, 2, 5, 17, 2, 1, 0, true },
        { 1, 1, 4, 9, 4, 1, 1, false },
        { 2, 3, 32, 32, 3, 1, 1, false },
        { 1, 2, 12, 24, 3, 1, 0, true },
    };

    /// <summary>3 x 3 stride-1 geometries (N, C, H, W, padding, countIncludePad): widths with 512-bit, 256-bit and scalar tails, and rows narrower than a vector.</summary>
    public static TheoryData<int, int, int, int, int, bool> ThreeByThree => new()
    {
        { 2, 3, 32, 32, 1, false },
        { 2, 2, 16, 16, 1, true },
        { 3, 2, 8, 8, 1, false },
        { 1, 2, 5, 24, 1, false },
        { 1, 2, 7, 12, 0, true },
        { 1, 1, 4, 37, 1, false },
        { 1, 1, 3, 5, 1, false },
        { 2, 3, 7, 7, 1, false },                  // 7 x 7 (28 x 28 images' last stage): masked 7-lane rows
        { 1, 3, 14, 7, 1, true },
        { 2, 2, 5, 3, 1, false },
        { 1, 3, 4, 1, 1, false },
        { 2, 3, 28, 28, 1, false },                // 28 x 28: a whole vector and a masked 12-lane one a row
        { 1, 3, 14, 14, 1, true },                 // 14 x 14: one masked vector a row
        { 1, 2, 5, 9, 1, false },
        { 1, 2, 3, 17, 1, true },
        { 1, 2, 4, 33, 1, false },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_MatchesReference(int n, int c, int h, int w, int k, int s, int p, bool countIncludePad)
    {
        var g = new Pool2dGeometry(n, c, h, w, k, s, p);
        var x = TestData.Random(1, g.InputLength);
        var expected = new float[g.OutputLength];
        var actual = new float[g.OutputLength];
        AveragePoolingReference.Forward(g, countIncludePad, x, expected);
        AveragePooling.Forward(g, countIncludePad, x, actual);
        TestData.AssertClose(expected, actual, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_AccumulatesReferenceGradient(int n, int c, int h, int w, int k, int s, int p, bool countIncludePad)
    {
        var g = new Pool2dGeometry(n, c, h, w, k, s, p);
        var dy = TestData.Random(2, g.OutputLength);
        var expected = TestData.Random(3, g.InputLength);
        var actual = (float[])expected.Clone();
        AveragePoolingReference.Backward(g, countIncludePad, dy, expected);
        AveragePooling.Backward(g, countIncludePad, dy, actual);
        TestData.AssertClose(expected, actual, 1e-5f);
    }

    [Fact]
    public void Forward_PaddedCorner_DivisorDependsOnCountIncludePad()
    {
        var g = new Pool2dGeometry(1, 1, 2, 2, 3, 1, 1);
        float[] x = [1, 2, 3, 4];
        var included = new float[4];
        var excluded = new float[4];
        AveragePooling.Forward(g, true, x, included);
        AveragePooling.Forward(g, false, x, excluded);
        Assert.Equal(10f / 9f, included[0], 6);
        Assert.Equal(2.5f, excluded[0], 6);
    }

    [Fact]
    public void Forward_PaddingMoreThanHalfKernel_Throws()
    {
        var g = new Pool2dGeometry(1, 1, 5, 5, 3, 1, 2);
        var ex = Assert.Throws<ArgumentException>(() => AveragePooling.Forward(g, true, new float[25], new float[g.OutH > 0 ? g.OutputLength : 1]));
        Assert.StartsWith("AvgPool2d:", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_Overwrite_WritesEveryElementAsIfAddingToZeros(int n, int c, int h, int w, int k, int s, int p, bool countIncludePad)
    {
        var g = new Pool2dGeometry(n, c, h, w, k, s, p);
        var dy = TestData.Random(2, g.OutputLength);
        var expected = new float[g.InputLength];
        var actual = Enumerable.Repeat(float.NaN, g.InputLength).ToArray();
        AveragePoolingReference.Backward(g, countIncludePad, dy, expected);
        AveragePooling.Backward(g, countIncludePad, dy, actual, accumulate: false);
        TestData.AssertClose(expected, actual, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(ThreeByThree))]
    public void ThreeByThreeStrideOne_IsBitwiseTheWindowByWindowSum(int n, int c, int h, int w, int p, bool countIncludePad)
    {
        // The separable kernel adds each row's three columns, then the rows in order: exactly the additions of summing
        // every window on its own (row by row, (left + centre) + right), so the results must be identical, not close.
        var g = new Pool2dGeometry(n, c, h, w, 3, 1, p);
        var x = TestData.Random(4, g.InputLength);
        var dy = TestData.Random(5, g.OutputLength);
        var start = TestData.Random(6, g.InputLength);
        var (expectedY, expectedDx) = WindowByWindow(g, countIncludePad, x, dy, start);
        var actualY = new float[g.OutputLength];
        var actualDx = (float[])start.Clone();
        AveragePooling.Forward(g, countIncludePad, x, actualY);
        AveragePooling.Backward(g, countIncludePad, dy, actualDx);
        Assert.Equal(expectedY, actualY);
        Assert.Equal(expectedDx, actualDx);
    }

    /// <summary>3 x 3 stride-2 pad-1 geometries of the vector path (N, C, H, W, countIncludePad): rows of 32 and 16, odd heights, other widths up to 32 (masked).</summary>
    public static TheoryData<int, int, int, int, bool> StrideTwo => new()
    {
        { 2, 3, 32, 32, false },
        { 2, 2, 16, 16, true },
        { 1, 2, 7, 32, false },
        { 1, 2, 5, 16, false },
        { 1, 1, 1, 16, true },
        { 2, 3, 28, 28, false },   // 28 x 28 images' reduction cells: 14 outputs a row under a mask, 28 floats in two vectors
        { 2, 3, 14, 14, true },
        { 1, 3, 7, 7, false },     // odd width: the last window has two columns
        { 1, 2, 9, 13, true },
        { 1, 2, 6, 31, false },
        { 2, 2, 8, 8, false },
        { 1, 3, 5, 2, true },
    };

    [Theory]
    [MemberData(nameof(StrideTwo))]
    public void ThreeByThreeStrideTwo_IsBitwiseTheWindowByWindowLoop(int n, int c, int h, int w, bool countIncludePad)
    {
        // The scalar loop the vector path replaced: each output 0 plus its real elements row-major, then divided; the
        // backward adds each output's share to its window, outputs in row-major order. Values must be identical.
        var g = new Pool2dGeometry(n, c, h, w, 3, 2, 1);
        var x = TestData.Random(7, g.InputLength);
        x[3] = -0f;
        var dy = TestData.Random(8, g.OutputLength);
        var start = TestData.Random(9, g.InputLength);
        start[1] = -0f;

        // The last column of the first row takes one share only, here -0 + -0 = -0: adding anything more (even a zero) would show.
        (dy[g.OutW - 1], start[w - 1]) = (-0f, -0f);
        var expectedY = new float[g.OutputLength];
        var expectedDx = (float[])start.Clone();
        var expectedOverwrite = new float[g.InputLength];
        for (var o = 0; o < g.OutputLength; o++)
        {
            var window = AveragePoolingReference.Window(g, o).ToList();
            var divisor = countIncludePad ? 9 : window.Count;
            var sum = 0f;
            foreach (var i in window)
            {
                sum += x[i];
            }

            expectedY[o] = sum / divisor;
            var share = dy[o] / divisor;
            foreach (var i in window)
            {
                expectedDx[i] += share;
                expectedOverwrite[i] += share;
            }
        }

        var actualY = new float[g.OutputLength];
        var actualDx = (float[])start.Clone();
        var actualOverwrite = Enumerable.Repeat(float.NaN, g.InputLength).ToArray();
        AveragePooling.Forward(g, countIncludePad, x, actualY);
        AveragePooling.Backward(g, countIncludePad, dy, actualDx);
        AveragePooling.Backward(g, countIncludePad, dy, actualOverwrite, accumulate: false);
        Assert.Equal(expectedY.Select(BitConverter.SingleToInt32Bits), actualY.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedDx.Select(BitConverter.SingleToInt32Bits), actualDx.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedOverwrite.Select(BitConverter.SingleToInt32Bits), actualOverwrite.Select(BitConverter.SingleToInt32Bits));
    }

    private static (float[] Y, float[] Dx) WindowByWindow(Pool2dGeometry g, bool countIncludePad, float[] x, float[] dy, float[] start)
    {
        var y = new float[g.OutputLength];
        var dx = (float[])start.Clone();
        float At(float[] plane, int offset, int rows, int cols, int r, int col) => col < 0 || col >= cols ? 0f : plane[offset + (r * cols) + col];
        float Divisor(int oh, int ow)
        {
            var (h0, h1) = g.Rows(oh);
            var (w0, w1) = g.Columns(ow);
            return countIncludePad ? 9 : (h1 - h0) * (w1 - w0);
        }

        var shares = new float[g.OutputLength];
        for (var plane = 0; plane < g.Planes; plane++)
        {
            var (xo, yo) = (plane * g.InPlane, plane * g.OutPlane);
            for (var oh = 0; oh < g.OutH; oh++)
            {
                var (h0, h1) = g.Rows(oh);
                for (var ow = 0; ow < g.OutW; ow++)
                {
                    var acc = 0f;
                    for (var r = h0; r < h1; r++)
                    {
                        var col = ow - g.Padding;
                        acc += At(x, xo, g.H, g.W, r, col) + At(x, xo, g.H, g.W, r, col + 1) + At(x, xo, g.H, g.W, r, col + 2);
                    }

                    y[yo + (oh * g.OutW) + ow] = acc / Divisor(oh, ow);
                    shares[yo + (oh * g.OutW) + ow] = dy[yo + (oh * g.OutW) + ow] / Divisor(oh, ow);
                }
            }

            // dx[h, w] gathers the shares of the outputs whose window holds it: rows oh0..oh1, columns w - 2 + padding .. w + padding.
            for (var row = 0; row < g.H; row++)
            {
                var (oh0, oh1) = (Math.Max(0, row + g.Padding - 2), Math.Min(g.OutH, row + g.Padding + 1));
                for (var col = 0; col < g.W; col++)
                {
                    var acc = 0f;
                    for (var oh = oh0; oh < oh1; oh++)
                    {
                        var ow = col + g.Padding - 2;
                        acc += At(shares, yo, g.OutH, g.OutW, oh, ow) + At(shares, yo, g.OutH, g.OutW, oh, ow + 1) + At(shares, yo, g.OutH, g.OutW, oh, ow + 2);
                    }

                    dx[xo + (row * g.W) + col] += acc;
                }
            }
        }

        return (y, dx);
    }

    /// <summary>
    /// The 3 x 3 stride-1 pooling of rows that are not whole vectors loads 16 floats where they stay inside the plane and
    /// masks only the rest: with the input and output (and the gradients) ending at an inaccessible page, and starting
    /// right after one, no read strays, and the results are those of ordinary arrays, bit for bit.
    /// </summary>
    [Theory]
    [InlineData(14, true)]
    [InlineData(14, false)]
    [InlineData(28, true)]
    [InlineData(28, false)]
    [InlineData(7, false)]
    [InlineData(20, true)]
    public unsafe void ThreeByThree_NeverReadsOutsideItsTensors(int width, bool countIncludePad)
    {
        if (!GuardedPages.Supported)
        {
            return;
        }

        var g = new Pool2dGeometry(1, 2, width - 1, width, 3, 1, 1);
        var length = g.N * g.C * g.H * g.W;
        var random = new Random(width);
        var x = Enumerable.Range(0, length).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var dy = Enumerable.Range(0, length).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var (y, dx) = (new float[length], x.ToArray());
        AveragePooling.Forward(g, countIncludePad, x, y);
        AveragePooling.Backward(g, countIncludePad, dy, dx);
        using var input = new GuardedPages(length);
        using var output = new GuardedPages(length);
        foreach (var atEnd in new[] { true, false })
        {
            var source = atEnd ? input.EndSpan : input.StartSpan;
            var target = atEnd ? output.EndSpan : output.StartSpan;
            x.CopyTo(source);
            AveragePooling.Forward(g, countIncludePad, source, target);
            Assert.Equal(y, target.ToArray());
            dy.CopyTo(source);
            x.CopyTo(target);
            AveragePooling.Backward(g, countIncludePad, source, target);
            Assert.Equal(dx, target.ToArray());
        }
    }
}
