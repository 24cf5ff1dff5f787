using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class ConvolutionTests
{
    /// <summary>N, Cin, H, W, Cout, KH, KW, stride, padding, dilation, groups: plain, strided, dilated, grouped, depthwise, 1x1 and edge cases; the last rows have planes wide enough for the vector paths (8x8, 16+ wide, odd widths).</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 2, 3, 5, 7, 4, 3, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 5, 7, 4, 3, 3, 2, 1, 1, 1 },
        new[] { 1, 3, 7, 5, 2, 3, 3, 1, 2, 2, 1 },
        new[] { 2, 4, 5, 7, 6, 3, 3, 1, 1, 1, 2 },
        new[] { 2, 4, 5, 7, 4, 3, 3, 2, 1, 1, 4 },
        new[] { 2, 3, 6, 5, 6, 3, 3, 1, 1, 2, 3 },
        new[] { 2, 6, 5, 7, 4, 1, 1, 1, 0, 1, 1 },
        new[] { 2, 6, 5, 7, 4, 1, 1, 1, 0, 1, 2 },
        new[] { 2, 3, 5, 7, 4, 1, 1, 2, 0, 1, 1 },
        new[] { 2, 3, 5, 7, 4, 2, 3, 1, 0, 1, 1 },
        new[] { 1, 1, 6, 6, 3, 3, 3, 1, 1, 1, 1 },
        new[] { 9, 3, 5, 5, 4, 3, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 4, 4, 2, 5, 5, 1, 3, 1, 1 },
        new[] { 1, 2, 2, 2, 2, 3, 3, 1, 3, 3, 1 },
        new[] { 1, 2, 2, 2, 2, 3, 3, 1, 3, 3, 2 },
        new[] { 3, 5, 9, 11, 7, 5, 3, 3, 2, 1, 1 },
        new[] { 2, 4, 9, 19, 4, 3, 3, 1, 1, 1, 4 },
        new[] { 1, 3, 10, 17, 6, 3, 3, 1, 2, 2, 3 },
        new[] { 2, 2, 8, 8, 2, 5, 5, 1, 2, 1, 2 },
        new[] { 1, 2, 12, 16, 2, 3, 3, 1, 0, 1, 2 },
        new[] { 2, 3, 8, 9, 3, 1, 1, 1, 0, 1, 3 },
        new[] { 2, 16, 8, 8, 16, 3, 3, 1, 1, 1, 1 },
        new[] { 1, 3, 17, 33, 8, 3, 3, 1, 1, 1, 1 },
        new[] { 2, 3, 6, 16, 4, 3, 3, 1, 1, 1, 1 },   // weight gradient: rows of whole vectors, read in place
        new[] { 2, 3, 5, 28, 4, 3, 3, 1, 1, 1, 1 },   // weight gradient: 28-wide rows, through im2col
        new[] { 3, 5, 4, 4, 5, 3, 3, 1, 1, 1, 5 },    // depthwise, the chain's 4 x 4 planes (flat rows narrower than a vector)
        new[] { 2, 6, 4, 4, 6, 7, 7, 1, 3, 1, 6 },    // depthwise 7 x 7 on 4 x 4: most taps read padding
        new[] { 2, 3, 9, 9, 3, 5, 5, 2, 2, 1, 3 },    // depthwise stride 2, odd plane: 4 phases of unequal sizes
        new[] { 2, 4, 8, 10, 4, 7, 7, 2, 3, 1, 4 },   // depthwise stride 2, odd padding: evens go to phase 1
        new[] { 3, 5, 17, 33, 5, 3, 3, 2, 1, 1, 5 },  // depthwise stride 2, rows long enough for the vector (de)interleave
        new[] { 2, 3, 11, 13, 6, 3, 5, 2, 2, 2, 3 },  // depthwise stride 2, dilation 2, 3 x 5, two outputs per input
        new[] { 1, 2, 10, 11, 2, 3, 3, 3, 1, 1, 2 },  // depthwise stride 3: the scalar phase staging
        new[] { 2, 3, 7, 5, 3, 2, 4, 2, 0, 1, 3 },    // depthwise stride 2, even kernel, no padding
        new[] { 3, 6, 4, 4, 5, 1, 1, 1, 0, 1, 1 },    // 1x1 on 4 x 4 planes: one product over the batch
        new[] { 5, 7, 3, 5, 9, 1, 1, 1, 0, 1, 1 },    // 1x1 on 15-position planes
        new[] { 2, 3, 6, 16, 8, 3, 3, 1, 1, 1, 1 },   // weight gradient: 8 x 3 tiles over 16-wide rows
        new[] { 2, 6, 5, 32, 8, 1, 1, 1, 0, 1, 1 },   // weight gradient: 8 x 3 tiles, rows read in place
        new[] { 2, 3, 32, 32, 5, 3, 3, 2, 1, 1, 1 },  // stride 2 (NAS-Bench-201's reduction): 16-wide rows, vector gathers
        new[] { 2, 3, 16, 17, 4, 3, 3, 2, 1, 1, 1 },  // stride 2: 8 outputs per row, odd width
        new[] { 1, 2, 15, 33, 3, 1, 1, 2, 0, 1, 1 },  // stride 2, 1x1, unpadded input read in place
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_MatchesReference(int[] dims)
    {
        var g = Geometry(dims);
        var (x, weight, bias) = (TestData.Random(1, g.InputLength), TestData.Random(2, g.WeightLength), TestData.Random(3, g.Cout));
        var expected = new float[g.OutputLength];
        var actual = new float[g.OutputLength];
        ConvolutionReference.Forward(g, x, weight, bias, expected);
        Convolution.Forward(g, x, weight, bias, actual);
        TestData.AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_AccumulatesReferenceGradient(int[] dims)
    {
        var g = Geometry(dims);
        var (dy, weight) = (TestData.Random(4, g.OutputLength), TestData.Random(5, g.WeightLength));
        var expected = TestData.Random(6, g.InputLength);
        var actual = (float[])expected.Clone();
        ConvolutionReference.BackwardData(g, dy, weight, expected);
        Convolution.BackwardData(g, dy, weight, actual);
        TestData.AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardWeight_AccumulatesReferenceGradients(int[] dims)
    {
        var g = Geometry(dims);
        var (x, dy) = (TestData.Random(7, g.InputLength), TestData.Random(8, g.OutputLength));
        var (expectedW, expectedB) = (TestData.Random(9, g.WeightLength), TestData.Random(10, g.Cout));
        var (actualW, actualB) = ((float[])expectedW.Clone(), (float[])expectedB.Clone());
        ConvolutionReference.BackwardWeight(g, x, dy, expectedW, expectedB);
        Convolution.BackwardWeight(g, x, dy, actualW, actualB);
        TestData.AssertClose(expectedW, actualW);
        TestData.AssertClose(expectedB, actualB);
    }

    private static Conv2dGeometry Geometry(int[] d) => new(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10]);

    [Fact]
    public void BackwardWeight_EmptyBiasGradient_StillComputesWeightGradient()
    {
        var g = new Conv2dGeometry(2, 3, 5, 7, 4, 3, 3, Padding: 1);
        var (x, dy) = (TestData.Random(11, g.InputLength), TestData.Random(12, g.OutputLength));
        var expected = new float[g.WeightLength];
        var actual = new float[g.WeightLength];
        ConvolutionReference.BackwardWeight(g, x, dy, expected, new float[g.Cout]);
        Convolution.BackwardWeight(g, x, dy, actual, []);
        TestData.AssertClose(expected, actual);
    }

    [Fact]
    public void Forward_OutputBufferTooShort_Throws()
    {
        var g = new Conv2dGeometry(1, 2, 5, 5, 3, 3, 3);
        Assert.Throws<ArgumentException>(() => Convolution.Forward(g, new float[g.InputLength], new float[g.WeightLength], [], new float[g.OutputLength - 1]));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_Overwrite_WritesEveryElementAsIfAddingToZeros(int[] dims)
    {
        var g = Geometry(dims);
        var (dy, weight) = (TestData.Random(4, g.OutputLength), TestData.Random(5, g.WeightLength));
        var expected = new float[g.InputLength];
        var actual = Enumerable.Repeat(float.NaN, g.InputLength).ToArray();
        ConvolutionReference.BackwardData(g, dy, weight, expected);
        Convolution.BackwardData(g, dy, weight, actual, accumulate: false);
        TestData.AssertClose(expected, actual);
    }
}
