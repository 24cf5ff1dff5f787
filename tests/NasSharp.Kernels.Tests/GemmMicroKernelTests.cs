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
}
