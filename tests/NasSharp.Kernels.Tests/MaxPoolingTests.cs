using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class MaxPoolingTests
{
    /// <summary>
    /// N, C, H, W, kernel, stride, padding; the rows with 8 or more outputs a row at stride 1 or 2 cover the two-pass
    /// vector path (16 lanes from 16 outputs, 8 lanes from 8, 4 from 4 to 7 (7 x 7 planes, stride 2 to 7 x 7 and 4 x 4),
    /// overlapping last vectors, odd and even kernels, rows
    /// whose last stride-2 load runs one element past the row), and 3 x 3 pad-1 windows the streamed paths: stride 1 on
    /// rows of 16, 32 and 48 (one vector a row, two, three), stride 2 on rows of 16 and 32 (one row, even and odd row counts), stride 1 on rows of 9 to 31 that are not whole
    /// vectors (28, 14, 31, 17), their last vector under a mask, stride 1 on rows of 4 to 8 (16 / W whole rows a vector:
    /// 4, 3 or 2; planes of one vector, of several, a last vector with fewer rows, a single row), and stride 2 on even
    /// rows of 10 to 30 (28, 14, 10, 30, 18; odd row counts; rows of 4 stay on the two-pass path).
    /// </summary>
    public static TheoryData<int, int, int, int, int, int, int> Geometries => new()
    {
        { 2, 3, 5, 7, 3, 2, 1 },
        { 1, 2, 7, 5, 3, 1, 1 },
        { 2, 3, 6, 6, 2, 2, 0 },
        { 1, 1, 5, 7, 3, 3, 0 },
        { 2, 2, 4, 5, 5, 2, 2 },
        { 2, 3, 9, 19, 3, 1, 1 },
        { 2, 2, 8, 8, 3, 1, 1 },
        { 1, 1, 6, 20, 5, 1, 2 },
        { 1, 2, 5, 17, 2, 1, 0 },
        { 2, 3, 32, 32, 3, 1, 1 },
        { 2, 2, 16, 16, 3, 1, 1 },
        { 1, 2, 4, 23, 3, 1, 1 },
        { 1, 2, 5, 20, 3, 1, 0 },
        { 2, 3, 32, 32, 3, 2, 1 },
        { 2, 2, 16, 16, 3, 2, 1 },
        { 1, 2, 9, 37, 3, 2, 1 },
        { 1, 2, 6, 18, 2, 2, 0 },
        { 1, 1, 5, 35, 5, 2, 2 },
        { 2, 2, 1, 32, 3, 1, 1 },
        { 1, 2, 2, 48, 3, 1, 1 },
        { 1, 2, 2, 8, 3, 1, 1 },
        { 2, 2, 6, 8, 3, 1, 1 },
        { 1, 2, 1, 16, 3, 2, 1 },
        { 1, 2, 2, 32, 3, 2, 1 },
        { 2, 2, 7, 16, 3, 2, 1 },
        { 2, 3, 7, 7, 3, 1, 1 },
        { 2, 3, 14, 14, 3, 2, 1 },
        { 2, 3, 8, 8, 3, 2, 1 },
        { 1, 2, 14, 14, 2, 2, 0 },
        { 2, 3, 28, 28, 3, 1, 1 },
        { 2, 2, 14, 14, 3, 1, 1 },
        { 1, 2, 3, 31, 3, 1, 1 },
        { 1, 2, 5, 8, 3, 1, 1 },
        { 1, 2, 6, 17, 3, 1, 1 },
        { 1, 1, 1, 4, 3, 1, 1 },
        { 2, 3, 28, 28, 3, 2, 1 },
        { 1, 2, 7, 10, 3, 2, 1 },
        { 1, 2, 5, 4, 3, 2, 1 },
        { 1, 2, 9, 30, 3, 2, 1 },
        { 1, 2, 6, 18, 3, 2, 1 },
        { 2, 2, 9, 4, 3, 1, 1 },
        { 1, 2, 4, 5, 3, 1, 1 },
        { 1, 2, 6, 6, 3, 1, 1 },
        { 1, 2, 3, 6, 3, 1, 1 },
        { 1, 1, 2, 7, 3, 1, 1 },
        { 1, 2, 1, 7, 3, 1, 1 },
        { 1, 2, 1, 5, 3, 1, 1 },
    };

    /// <summary>Geometries for the special-value test: the 8-lane stride-1 path, the three widths of the two-pass path at strides 1 and 2, the masked rows of the streamed 3 x 3 path.</summary>
    public static TheoryData<int, int, int, int, int, int, int> SpecialValueGeometries => new()
    {
        { 1, 2, 7, 21, 3, 1, 1 },
        { 1, 2, 8, 32, 3, 1, 1 },
        { 1, 2, 8, 48, 3, 1, 1 },
        { 1, 2, 8, 16, 3, 1, 1 },
        { 1, 2, 8, 20, 3, 1, 1 },
        { 1, 2, 8, 8, 3, 1, 1 },
        { 1, 2, 9, 32, 3, 2, 1 },
        { 1, 2, 8, 16, 3, 2, 1 },
        { 1, 2, 6, 18, 2, 2, 0 },
        { 1, 3, 7, 7, 3, 1, 1 },
        { 1, 2, 14, 14, 3, 2, 1 },
        { 1, 2, 8, 28, 3, 1, 1 },
        { 1, 2, 9, 14, 3, 1, 1 },
        { 1, 2, 7, 17, 3, 1, 1 },
        { 1, 2, 9, 28, 3, 2, 1 },
        { 1, 2, 8, 14, 3, 2, 1 },
        { 1, 3, 7, 5, 3, 1, 1 },
        { 1, 3, 9, 4, 3, 1, 1 },
        { 1, 3, 7, 6, 3, 1, 1 },
        { 1, 3, 9, 8, 3, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_MatchesReferenceValuesAndArgmax(int n, int c, int h, int w, int k, int s, int p)
    {
        var g = new Pool2dGeometry(n, c, h, w, k, s, p);
        AssertForwardMatchesReference(g, TestData.Random(1, g.InputLength));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_AccumulatesIntoArgmax(int n, int c, int h, int w, int k, int s, int p)
    {
        var g = new Pool2dGeometry(n, c, h, w, k, s, p);
        var x = TestData.Random(2, g.InputLength);
        var dy = TestData.Random(3, g.OutputLength);
        var expected = TestData.Random(4, g.InputLength);
        var actual = (float[])expected.Clone();
        var (y, argmax) = (new float[g.OutputLength], new int[g.OutputLength]);
        MaxPooling.Forward(g, x, y, argmax);
        MaxPoolingReference.Backward(g, x, dy, expected);
        MaxPooling.Backward(g, dy, argmax, actual);
        TestData.AssertClose(expected, actual, 1e-6f);
    }

    /// <summary>Planes of -infinity on every path (3 x 3 at strides 1 and 2, rows of 4 to 48): each window keeps its first real element.</summary>
    [Theory]
    [InlineData(7, 7, 1)]
    [InlineData(6, 4, 1)]
    [InlineData(5, 5, 1)]
    [InlineData(8, 8, 1)]
    [InlineData(3, 6, 1)]
    [InlineData(14, 14, 1)]
    [InlineData(4, 32, 1)]
    [InlineData(14, 14, 2)]
    [InlineData(8, 32, 2)]
    public void Forward_AllNegativeInfinity_KeepsEachWindowsFirstElement(int h, int w, int s)
    {
        var g = new Pool2dGeometry(2, 3, h, w, 3, s, 1);
        AssertForwardMatchesReference(g, Enumerable.Repeat(float.NegativeInfinity, g.InputLength).ToArray());
    }

    /// <summary>Outputs and indices written through spans of a longer buffer: nothing past them changes (the streamed paths store their last vector under a mask).</summary>
    [Theory]
    [InlineData(6, 7, 1)]
    [InlineData(7, 7, 1)]
    [InlineData(5, 6, 1)]
    [InlineData(3, 5, 1)]
    [InlineData(9, 4, 1)]
    [InlineData(5, 8, 1)]
    [InlineData(3, 14, 1)]
    [InlineData(5, 14, 2)]
    public void Forward_WritesNothingPastItsOutput(int h, int w, int s)
    {
        var g = new Pool2dGeometry(1, 3, h, w, 3, s, 1);
        var x = TestData.Random(6, g.InputLength);
        var (y, argmax) = (Enumerable.Repeat(42f, g.OutputLength + 32).ToArray(), Enumerable.Repeat(-7, g.OutputLength + 32).ToArray());
        var (expected, expectedIndex) = (new float[g.OutputLength], new int[g.OutputLength]);
        MaxPoolingReference.Forward(g, x, expected, expectedIndex);
        MaxPooling.Forward(g, x, y.AsSpan(0, g.OutputLength), argmax.AsSpan(0, g.OutputLength));
        Assert.Equal(expected, y[..g.OutputLength]);
        Assert.Equal(expectedIndex, argmax[..g.OutputLength]);
        Assert.All(y[g.OutputLength..], v => Assert.Equal(42f, v));
        Assert.All(argmax[g.OutputLength..], v => Assert.Equal(-7, v));
    }

    [Fact]
    public void Forward_Ties_PickFirstMaximumInRowMajorOrder()
    {
        var g = new Pool2dGeometry(1, 1, 2, 2, 2, 2);
        var (y, argmax) = (new float[1], new int[1]);
        MaxPooling.Forward(g, [0f, 5f, 5f, 5f], y, argmax);
        Assert.Equal(5f, y[0]);
        Assert.Equal(1, argmax[0]);
    }

    [Fact]
    public void Forward_NaNInWindow_Propagates()
    {
        var g = new Pool2dGeometry(1, 1, 2, 2, 2, 2);
        var y = new float[1];
        MaxPooling.Forward(g, [1f, float.NaN, 3f, 2f], y, []);
        Assert.True(float.IsNaN(y[0]));
    }

    [Theory]
    [MemberData(nameof(SpecialValueGeometries))]
    public void Forward_TiesNaNAndInfinities_MatchReferenceExactly(int n, int c, int h, int w, int k, int s, int p)
    {
        var g = new Pool2dGeometry(n, c, h, w, k, s, p);
        var x = TestData.Random(5, g.InputLength).Select(v => MathF.Round(v * 2f)).ToArray();
        (x[3], x[30], x[31], x[100]) = (float.NaN, float.NaN, float.NegativeInfinity, float.NaN);
        (x[w + 4], x[w + 5], x[(2 * w) + 5]) = (float.NaN, float.NaN, float.NaN);

        // The first plane's last rows at most zero, -0 and +0 mixed: windows whose maximum is a tie between the two zeros.
        for (var i = g.InPlane / 2; i < g.InPlane; i++)
        {
            x[i] = i % 7 == 0 ? 0f : -MathF.Abs(x[i]);
        }

        // Rows 1 to 4 of the second plane all -infinity: windows there (at stride 1 and 2) keep their first real element.
        Array.Fill(x, float.NegativeInfinity, g.InPlane + w, 4 * w);
        AssertForwardBitsMatchReference(g, x);
    }

    /// <summary>
    /// The same ties, zeros and infinities without a NaN: the blocks take the NaN-free step (<see cref="MaxPoolingSteps.Ordered"/>),
    /// whose maximum is one vmaxps; -0 against +0 and equal values must still keep the first in row-major order.
    /// </summary>
    [Theory]
    [MemberData(nameof(SpecialValueGeometries))]
    public void Forward_TiesZerosAndInfinitiesWithoutNaN_MatchReferenceExactly(int n, int c, int h, int w, int k, int s, int p)
    {
        var g = new Pool2dGeometry(n, c, h, w, k, s, p);
        var x = TestData.Random(6, g.InputLength).Select(v => MathF.Round(v * 2f)).ToArray();
        (x[3], x[31]) = (float.PositiveInfinity, float.NegativeInfinity);
        for (var i = g.InPlane / 2; i < g.InPlane; i++)
        {
            x[i] = i % 5 == 0 ? -0f : i % 7 == 0 ? 0f : -MathF.Abs(x[i]);
        }

        Array.Fill(x, float.NegativeInfinity, g.InPlane + w, 4 * w);
        AssertForwardBitsMatchReference(g, x);
    }

    /// <summary>
    /// A tensor of many blocks of planes with NaN in the first and last planes only: those blocks propagate it, the others
    /// take the NaN-free step (and a NaN among the last floats of a block, past its whole vectors, is found).
    /// </summary>
    [Theory]
    [InlineData(8, 16, 32, 32, 1)]
    [InlineData(8, 32, 16, 16, 2)]
    [InlineData(16, 64, 8, 8, 1)]
    [InlineData(16, 32, 14, 14, 1)]
    [InlineData(2, 3, 7, 7, 1)]
    public void Forward_NaNInSomeBlocks_MatchesReferenceExactly(int n, int c, int h, int w, int stride)
    {
        var g = new Pool2dGeometry(n, c, h, w, 3, stride, 1);
        var x = TestData.Random(7, g.InputLength).Select(v => MathF.Round(v * 4f)).ToArray();
        (x[5], x[g.InputLength - 2]) = (float.NaN, float.NaN);
        AssertForwardBitsMatchReference(g, x);
    }

    /// <summary>
    /// The 3 x 3 stride-1 backward (a gather: rows of 8, of whole 16-float vectors, one to three vectors a row, one row,
    /// and masked rows of 7, 28, 14, 17, 33 and 1) gives the bits of the scatter in output order, onto a gradient that already holds values:
    /// inputs on a few levels (many windows share a maximum, so an input sums several outputs), a constant plane (each
    /// window's first element), NaN (which wins), an input no output chose whose gradient stays -0.
    /// </summary>
    [Theory]
    [InlineData(2, 3, 32, 32)]
    [InlineData(2, 2, 16, 16)]
    [InlineData(3, 2, 8, 8)]
    [InlineData(2, 2, 3, 48)]
    [InlineData(2, 2, 1, 16)]
    [InlineData(2, 2, 5, 8)]
    [InlineData(2, 2, 6, 7)]
    [InlineData(2, 2, 28, 28)]
    [InlineData(2, 3, 14, 14)]
    [InlineData(2, 2, 3, 17)]
    [InlineData(2, 2, 2, 33)]
    [InlineData(1, 3, 4, 1)]
    public void Backward_ThreeByThreeStrideOne_IsBitwiseTheScatterInOutputOrder(int n, int c, int h, int w) =>
        AssertBackwardIsTheScatterInOutputOrder(new Pool2dGeometry(n, c, h, w, 3, 1, 1));

    /// <summary>The same at stride 2 (the reduction cells' gather): even and odd sizes, one to three vectors a row.</summary>
    [Theory]
    [InlineData(2, 3, 32, 32)]
    [InlineData(2, 2, 16, 16)]
    [InlineData(3, 2, 8, 8)]
    [InlineData(2, 2, 28, 28)]
    [InlineData(2, 3, 14, 14)]
    [InlineData(2, 2, 7, 7)]
    [InlineData(2, 2, 5, 33)]
    [InlineData(1, 3, 3, 1)]
    public void Backward_ThreeByThreeStrideTwo_IsBitwiseTheScatterInOutputOrder(int n, int c, int h, int w) =>
        AssertBackwardIsTheScatterInOutputOrder(new Pool2dGeometry(n, c, h, w, 3, 2, 1));

    private static void AssertBackwardIsTheScatterInOutputOrder(Pool2dGeometry g)
    {
        var x = TestData.Random(11, g.InputLength).Select(v => MathF.Round(v * 3f)).ToArray();
        Array.Fill(x, 0.5f, 0, g.InPlane);
        (x[g.InPlane + 1], x[g.InputLength - 1]) = (float.NaN, float.NaN);
        var dy = TestData.Random(12, g.OutputLength);
        var start = TestData.Random(13, g.InputLength);
        // Plane 2's first input is nobody's maximum and its gradient starts at -0: adding anything, even +0, would show.
        (x[2 * g.InPlane], start[2 * g.InPlane]) = (-100f, -0f);
        var (y, argmax) = (new float[g.OutputLength], new int[g.OutputLength]);
        MaxPooling.Forward(g, x, y, argmax);
        var expected = (float[])start.Clone();
        for (var p = 0; p < g.Planes; p++)
        {
            for (var o = 0; o < g.OutPlane; o++)
            {
                expected[(p * g.InPlane) + argmax[(p * g.OutPlane) + o]] += dy[(p * g.OutPlane) + o];
            }
        }

        var actual = (float[])start.Clone();
        MaxPooling.Backward(g, dy, argmax, actual);
        // Some input is the maximum of several windows (the constant plane at stride 1; the planes of few levels at stride 2).
        var shared = Enumerable.Range(0, g.Planes).Any(p => argmax.Skip(p * g.OutPlane).Take(g.OutPlane).Distinct().Count() < g.OutPlane);
        Assert.True(shared || (g.Stride == 2 && g.OutPlane < 16), "some inputs are the maximum of several windows");
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    private static void AssertForwardBitsMatchReference(Pool2dGeometry g, float[] x)
    {
        var (expected, expectedIndex) = (new float[g.OutputLength], new int[g.OutputLength]);
        var (actual, actualIndex) = (new float[g.OutputLength], new int[g.OutputLength]);
        MaxPoolingReference.Forward(g, x, expected, expectedIndex);
        MaxPooling.Forward(g, x, actual, actualIndex);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedIndex, actualIndex);
    }

    private static void AssertForwardMatchesReference(Pool2dGeometry g, float[] x)
    {
        var (expected, expectedIndex) = (new float[g.OutputLength], new int[g.OutputLength]);
        var (actual, actualIndex) = (new float[g.OutputLength], new int[g.OutputLength]);
        MaxPoolingReference.Forward(g, x, expected, expectedIndex);
        MaxPooling.Forward(g, x, actual, actualIndex);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedIndex, actualIndex);
    }
}
