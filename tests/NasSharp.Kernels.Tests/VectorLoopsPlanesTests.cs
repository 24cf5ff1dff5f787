namespace NasSharp.Kernels.Tests;

/// <summary>
/// The batch norm's small-plane loops (an image's 4 x 4 to 8 x 8 planes in one call, each plane with its channel's
/// coefficients) give the bits of the per-plane loops they replace there: dx (+)= a dy + b x + c with and without
/// accumulation, and the forward pass's x scale + shift with and without the ReLU.
/// </summary>
public unsafe class VectorLoopsPlanesTests
{
    [Theory]
    [InlineData(16, false)]
    [InlineData(16, true)]
    [InlineData(64, false)]
    [InlineData(32, true)]
    public void AffinePlanes_SameBitsAsOneCallPerPlane(int count, bool accumulate)
    {
        const int planes = 7;
        var (dy, x) = (TestData.Random(71, planes * count), TestData.Random(73, planes * count));
        var (a, b, c) = (TestData.Random(76, planes), TestData.Random(77, planes), TestData.Random(78, planes));
        dy[5] = -0f;
        x[count + 1] = float.NaN;
        var start = TestData.Random(74, planes * count);
        var (expected, actual) = ((float[])start.Clone(), (float[])start.Clone());
        fixed (float* pdy = dy, px = x, pa = a, pb = b, pc = c, pe = expected, pac = actual)
        {
            for (var n = 0; n < planes; n++)
            {
                VectorLoops.Affine(pe + (n * count), pdy + (n * count), px + (n * count), count, a[n], b[n], c[n], accumulate);
            }

            VectorLoops.AffinePlanes(pac, pdy, px, planes, count, pa, pb, pc, accumulate);
        }

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(16, true)]
    [InlineData(64, true)]
    [InlineData(48, false)]
    public void ScaleShiftPlanes_SameBitsAsOneCallPerPlane(int count, bool relu)
    {
        const int planes = 5;
        var x = TestData.Random(75, planes * count);
        var (scales, shifts) = (TestData.Random(79, planes), TestData.Random(80, planes));
        x[3] = float.NaN;
        x[count + 2] = -0f;
        var (expected, actual) = (new float[planes * count], new float[planes * count]);
        fixed (float* px = x, ps = scales, pt = shifts, pe = expected, pa = actual)
        {
            for (var n = 0; n < planes; n++)
            {
                if (relu)
                {
                    VectorLoops.ScaleShiftRelu(px + (n * count), count, scales[n], shifts[n], pe + (n * count));
                }
                else
                {
                    VectorLoops.ScaleShift(px + (n * count), count, scales[n], shifts[n], pe + (n * count));
                }
            }

            VectorLoops.ScaleShiftPlanes(px, pa, planes, count, ps, pt, relu);
        }

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }
}
