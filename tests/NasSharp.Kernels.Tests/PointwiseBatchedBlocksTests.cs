namespace NasSharp.Kernels.Tests;

/// <summary>
/// The batched 1x1 convolution of small planes runs its forward and input-gradient products in blocks of images; each
/// must equal the one whole-batch product (transpose, multiply, transpose back) bit for bit, for any block split and
/// thread count.
/// </summary>
public class PointwiseBatchedBlocksTests
{
    /// <summary>N, Cin, H, W, Cout: several blocks (8 of 8 images), uneven blocks (70 = 35 + 35), one block, odd sizes.</summary>
    public static TheoryData<int[]> Geometries => new()
    {
        new[] { 64, 16, 4, 4, 24 },
        new[] { 70, 7, 2, 2, 9 },
        new[] { 5, 6, 3, 5, 4 },
        new[] { 33, 12, 1, 1, 20 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_IsBitwiseTheWholeBatchProduct(int[] d)
    {
        var g = new Conv2dGeometry(d[0], d[1], d[2], d[3], d[4], 1, 1);
        Assert.True(PointwiseBatchedConvolution.Applies(g));
        var (x, w, bias) = (TestData.Random(1, g.InputLength), TestData.Random(2, g.WeightLength), TestData.Random(3, g.Cout));
        var actual = new float[g.OutputLength];
        Convolution.Forward(g, x, w, bias, actual);

        var columns = g.N * g.InPlane;
        var y = new float[g.Cout * columns];
        for (var co = 0; co < g.Cout; co++)
        {
            y.AsSpan(co * columns, columns).Fill(bias[co]);
        }

        Gemm.Multiply(new GemmLayout(g.Cout, columns, g.Cin, Accumulate: true), w, Swap(g.N, g.Cin, g.InPlane, x), y);
        Assert.Equal(Swap(g.Cout, g.N, g.OutPlane, y), actual);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_IsBitwiseTheWholeBatchProduct(int[] d)
    {
        var g = new Conv2dGeometry(d[0], d[1], d[2], d[3], d[4], 1, 1);
        var (dy, w, start) = (TestData.Random(4, g.OutputLength), TestData.Random(5, g.WeightLength), TestData.Random(6, g.InputLength));
        var actual = (float[])start.Clone();
        Convolution.BackwardData(g, dy, w, actual, accumulate: true);

        var columns = g.N * g.OutPlane;
        var dx = new float[g.Cin * columns];
        Gemm.Multiply(new GemmLayout(g.Cin, columns, g.Cout, TransposeA: true), w, Swap(g.N, g.Cout, g.OutPlane, dy), dx);
        var expected = Swap(g.Cin, g.N, g.InPlane, dx);
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = start[i] + expected[i];
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>[a, b, row] as [b, a, row].</summary>
    private static float[] Swap(int a, int b, int row, float[] source)
    {
        var target = new float[source.Length];
        for (var i = 0; i < a; i++)
        {
            for (var j = 0; j < b; j++)
            {
                Array.Copy(source, ((i * b) + j) * row, target, ((j * a) + i) * row, row);
            }
        }

        return target;
    }
}
