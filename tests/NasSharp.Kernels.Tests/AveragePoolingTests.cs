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
}
