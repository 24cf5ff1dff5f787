using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class GemmTests
{
    /// <summary>
    /// M, N, K: single elements, partial micro-tiles, several row / column blocks and k chunks (K > 256), and blocks of
    /// many column panels (1000 rows make 16 row blocks, so one block covers all 230 columns, a partial last panel).
    /// </summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 3, 5, 7 },
        { 8, 32, 16 },
        { 9, 33, 17 },
        { 16, 1024, 144 },
        { 67, 301, 129 },
        { 130, 70, 600 },
        { 64, 10, 64 },
        { 1000, 230, 300 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_EveryTransposeCombination_MatchesReference(int m, int n, int k)
    {
        foreach (var (transposeA, transposeB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var layout = new GemmLayout(m, n, k, transposeA, transposeB);
            var (a, b) = (TestData.Random(1, m * k), TestData.Random(2, k * n));
            var (expected, actual) = (new float[m * n], TestData.Random(3, m * n));
            GemmReference.Multiply(layout, a, b, expected);
            Gemm.Multiply(layout, a, b, actual);
            TestData.AssertClose(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_Accumulate_AddsToTheExistingValues(int m, int n, int k)
    {
        var layout = new GemmLayout(m, n, k, Accumulate: true);
        var (a, b) = (TestData.Random(4, m * k), TestData.Random(5, k * n));
        var expected = TestData.Random(6, m * n);
        var actual = (float[])expected.Clone();
        GemmReference.Multiply(layout, a, b, expected);
        Gemm.Multiply(layout, a, b, actual);
        TestData.AssertClose(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyPackedB_EveryTransposeOfB_BitwiseEqualsMultiply(int m, int n, int k)
    {
        foreach (var (transposeA, transposeB, accumulate) in new[] { (false, false, false), (true, true, false), (false, true, true) })
        {
            var layout = new GemmLayout(m, n, k, transposeA, transposeB, accumulate);
            var (a, b) = (TestData.Random(7, m * k), TestData.Random(8, k * n));
            var expected = TestData.Random(9, m * n);
            var actual = (float[])expected.Clone();
            Gemm.Multiply(layout, a, b, expected);
            var packed = new float[Gemm.PackedBLength(layout)];
            Gemm.PackB(layout, b, packed);
            Gemm.MultiplyPackedB(layout, a, packed, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_ColumnBias_EqualsBiasPlusProduct(int m, int n, int k)
    {
        var layout = new GemmLayout(m, n, k, TransposeB: true);
        var (a, b, bias) = (TestData.Random(10, m * k), TestData.Random(11, k * n), TestData.Random(12, n));
        var expected = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            bias.CopyTo(expected, i * n);
        }

        GemmReference.Multiply(layout with { Accumulate = true }, a, b, expected);
        var actual = TestData.Random(13, m * n);
        Gemm.Multiply(layout, a, b, actual, bias);
        TestData.AssertClose(expected, actual);
    }

    /// <summary>
    /// Row counts around the eight- and four-row tiles (1..4 rows run the four-row kernel, 5..7 the padded eight-row one;
    /// 20 and 60 end on a four-row panel, as the LSTM's steps and the decoder's 700 rows do), full and partial column panels
    /// (40 and 200 end on an 8-column panel, run by the 16-column kernel),
    /// one and two k chunks.
    /// </summary>
    public static TheoryData<int, int, int> EdgeShapes => new()
    {
        { 1, 32, 5 },
        { 2, 40, 9 },
        { 3, 8, 3 },
        { 4, 32, 300 },
        { 5, 64, 7 },
        { 7, 33, 16 },
        { 12, 96, 24 },
        { 13, 200, 11 },
        { 20, 800, 200 },
        { 60, 70, 257 },
    };

    [Theory]
    [MemberData(nameof(EdgeShapes))]
    public void Multiply_RowCountsAroundTheTiles_BitwiseEqualsFusedChains(int m, int n, int k)
    {
        foreach (var (transposeA, transposeB, accumulate, withBias) in new[] { (false, false, false, false), (true, true, false, true), (false, true, true, false) })
        {
            var layout = new GemmLayout(m, n, k, transposeA, transposeB, accumulate);
            var (a, b, bias) = (TestData.Random(20, m * k), TestData.Random(21, k * n), withBias ? TestData.Random(22, n) : []);
            var expected = TestData.Random(23, m * n);
            var actual = (float[])expected.Clone();
            GemmReference.MultiplyFusedChains(layout, a, b, expected, bias);
            Gemm.Multiply(layout, a, b, actual, bias);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Multiply_ColumnBiasWithAccumulate_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new GemmLayout(2, 3, 4, Accumulate: true), new float[8], new float[12], new float[6], new float[3]));
        Assert.Contains("column bias", ex.Message);
    }

    [Fact]
    public void MultiplyPackedB_PackedBufferTooShort_ThrowsNamingLength()
    {
        var layout = new GemmLayout(2, 40, 3);
        var ex = Assert.Throws<ArgumentException>(() => Gemm.MultiplyPackedB(layout, new float[6], new float[100], new float[80]));
        Assert.Contains("192", ex.Message);
    }

    [Fact]
    public void Multiply_OutputTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new GemmLayout(2, 3, 4), new float[8], new float[12], new float[5]));
    }

    [Fact]
    public void Transpose_RectangularMatrix_SwapsRowsAndColumns()
    {
        var dst = new float[6];
        Gemm.Transpose([1, 2, 3, 4, 5, 6], dst, 2, 3);
        Assert.Equal([1f, 4, 2, 5, 3, 6], dst);
    }
}
