namespace NasSharp.Kernels.Tests;

/// <summary>
/// The batch norm's small-plane loops (all of a channel's 4 x 4 to 8 x 8 planes in one call) give the bits of the
/// per-plane loops they replace there: the ReLU mask, dx (+)= a dy + b x + c with and without accumulation, and the
/// forward pass's x scale + shift with and without the ReLU.
/// </summary>
public unsafe class VectorLoopsPlanesTests
{
    [Theory]
    [InlineData(16, false)]
    [InlineData(16, true)]
    [InlineData(64, false)]
    [InlineData(32, true)]
    public void PlaneLoops_SameBitsAsOneCallPerPlane(int count, bool accumulate)
    {
        const int planes = 7;
        var stride = 3 * count;
        var (dy, y, x) = (TestData.Random(71, planes * stride), TestData.Random(72, planes * stride), TestData.Random(73, planes * stride));
        y[5] = 0f;
        y[stride + 1] = -0f;
        y[2 * stride] = float.NaN;
        var start = TestData.Random(74, planes * stride);
        var (maskedExpected, maskedActual) = (new float[planes * count], new float[planes * count]);
        var (dxExpected, dxActual) = ((float[])start.Clone(), (float[])start.Clone());
        fixed (float* pdy = dy, py = y, px = x, pme = maskedExpected, pma = maskedActual, pde = dxExpected, pda = dxActual)
        {
            for (var n = 0; n < planes; n++)
            {
                VectorLoops.ReluMask(pdy + (n * stride), py + (n * stride), count, pme + (n * count));
                VectorLoops.Affine(pde + (n * stride), pme + (n * count), px + (n * stride), count, 0.7f, -1.3f, 0.25f, accumulate);
            }

            VectorLoops.ReluMaskPlanes(pdy, stride, py, stride, planes, count, pma);
            VectorLoops.AffinePlanes(pda, stride, pma, count, px, stride, planes, count, 0.7f, -1.3f, 0.25f, accumulate);
        }

        Assert.Equal(maskedExpected, maskedActual);
        Assert.Equal(dxExpected, dxActual);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(16, true)]
    [InlineData(64, true)]
    [InlineData(48, false)]
    public void ScaleShiftPlanes_SameBitsAsOneCallPerPlane(int count, bool relu)
    {
        const int planes = 5;
        var stride = 2 * count;
        var x = TestData.Random(75, planes * stride);
        x[3] = float.NaN;
        x[count + 2] = -0f;
        var (expected, actual) = (new float[planes * stride], new float[planes * stride]);
        fixed (float* px = x, pe = expected, pa = actual)
        {
            for (var n = 0; n < planes; n++)
            {
                if (relu)
                {
                    VectorLoops.ScaleShiftRelu(px + (n * stride), count, 1.7f, -0.4f, pe + (n * stride));
                }
                else
                {
                    VectorLoops.ScaleShift(px + (n * stride), count, 1.7f, -0.4f, pe + (n * stride));
                }
            }

            VectorLoops.ScaleShiftPlanes(px, pa, stride, planes, count, 1.7f, -0.4f, relu);
        }

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }
}
