namespace NasSharp.Kernels.Tests;

public unsafe class GemmMicroKernelTests
{
    /// <summary>
    /// Every valid row count (1..4 on the four-row kernel, 5..8 on the eight-row one), full and partial column panels
    /// (at most 16 columns on the 16-column kernel),
    /// and the three starts (C itself, a row bias, zero) against one scalar fused multiply-add chain per element.
    /// </summary>
    [Theory]
    [InlineData(1, 32)]
    [InlineData(2, 17)]
    [InlineData(3, 32)]
    [InlineData(4, 32)]
    [InlineData(4, 8)]
    [InlineData(5, 32)]
    [InlineData(7, 31)]
    [InlineData(8, 32)]
    [InlineData(8, 16)]
    [InlineData(8, 8)]
    [InlineData(5, 9)]
    [InlineData(3, 16)]
    public void Tile_AnyRowAndColumnCount_BitwiseEqualsFusedChains(int rows, int cols)
    {
        const int kc = 37;
        const int ldc = 40;
        var (mr, nr) = (GemmMicroKernel.Rows, GemmMicroKernel.Columns);
        var (a, b, bias) = (TestData.Random(30, kc * mr), TestData.Random(31, kc * nr), TestData.Random(32, mr));
        foreach (var (load, withBias) in new[] { (true, false), (false, true), (false, false) })
        {
            var expected = TestData.Random(33, mr * ldc);
            var actual = (float[])expected.Clone();
            for (var r = 0; r < rows; r++)
            {
                for (var j = 0; j < cols; j++)
                {
                    var sum = load ? expected[(r * ldc) + j] : withBias ? bias[r] : 0f;
                    for (var p = 0; p < kc; p++)
                    {
                        sum = MathF.FusedMultiplyAdd(a[(p * mr) + r], b[(p * nr) + j], sum);
                    }

                    expected[(r * ldc) + j] = sum;
                }
            }

            fixed (float* pa = a, pb = b, pc = actual, pbias = bias)
            {
                GemmMicroKernel.Tile(pa, pb, kc, pc, ldc, rows, cols, load, withBias ? pbias : null);
            }

            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(3)]
    public void Tile_BReadInPlaceWithARowStride_EqualsPackedB(int rows)
    {
        // B as an unpacked row-major [kc, 40] matrix whose first 32 columns are the panel, and the same panel packed.
        const int kc = 19;
        const int ldb = 40;
        var (mr, nr) = (GemmMicroKernel.Rows, GemmMicroKernel.Columns);
        var (a, wide) = (TestData.Random(34, kc * mr), TestData.Random(35, kc * ldb));
        var packed = new float[kc * nr];
        for (var p = 0; p < kc; p++)
        {
            Array.Copy(wide, p * ldb, packed, p * nr, nr);
        }

        var (expected, actual) = (TestData.Random(36, mr * nr), TestData.Random(36, mr * nr));
        fixed (float* pa = a, pw = wide, pp = packed, pe = expected, pc = actual)
        {
            GemmMicroKernel.Tile(pa, pp, kc, pe, nr, rows, nr, true, null);
            GemmMicroKernel.Tile(pa, pw, ldb, kc, pc, nr, rows, nr, true, null);
        }

        Assert.Equal(expected, actual);
    }
}
