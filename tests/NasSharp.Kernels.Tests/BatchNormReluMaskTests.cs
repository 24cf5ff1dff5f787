namespace NasSharp.Kernels.Tests;

/// <summary>
/// A batch norm fused with its ReLU rebuilds the ReLU's mask in the backward pass from x and the forward's scale and
/// shift instead of reading the output: the mask must be the one the output gives (output &gt; 0, as the ReLU's own
/// gradient), element for element, special values included, and the whole backward the same bits as masking dy by the
/// output and running the plain batch norm's backward.
/// </summary>
public unsafe class BatchNormReluMaskTests
{
    /// <summary>Plane sizes: whole 512-bit vectors (16 x 16, 4 x 4), a 256-bit remainder (24), scalar tails (15, 7).</summary>
    [Theory]
    [InlineData(256)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(15)]
    [InlineData(7)]
    public void ReluMaskOfScaleShift_IsTheMaskTheForwardOutputGives(int count)
    {
        const int planes = 5;
        var x = TestData.Random(91, planes * count);
        var dy = TestData.Random(92, planes * count);
        var (scales, shifts) = (TestData.Random(93, planes), TestData.Random(94, planes));
        // Plane 1: shift 0, so x = +0 / -0 give v = +0 / -0 exactly; NaN and infinities in the others.
        shifts[1] = 0f;
        x[count] = 0f;
        x[count + 1] = -0f;
        x[count + 2] = float.Epsilon;
        x[2] = float.NaN;
        x[(2 * count) + 1] = float.PositiveInfinity;
        x[(3 * count) + 2] = float.NegativeInfinity;
        dy[3] = float.NaN;
        // Plane 4: x scale = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 = -shift, so only a fused multiply-add (as the forward)
        // leaves v = 2^-24 > 0; a separate multiply and add would give 0. First element (vector loop), last (tail).
        (scales[4], shifts[4]) = (1f + MathF.Pow(2, -12), -(1f + MathF.Pow(2, -11)));
        x[4 * count] = x[(5 * count) - 1] = 1f + MathF.Pow(2, -12);
        var output = new float[planes * count];
        var (expected, actual) = (new float[planes * count], new float[planes * count]);
        fixed (float* px = x, pdy = dy, ps = scales, pt = shifts, po = output, pa = actual)
        {
            for (var n = 0; n < planes; n++)
            {
                VectorLoops.ScaleShiftRelu(px + (n * count), count, scales[n], shifts[n], po + (n * count));
            }

            VectorLoops.ReluMaskOfScaleShift(pdy, px, planes, count, ps, pt, pa);
        }

        var relu = default(ReluGradientOperator);
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = relu.Invoke(x[i], output[i], dy[i]);
        }

        Assert.Contains(0f, output);
        Assert.Contains(output, v => v > 0f);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>N, C, spatial: the side-by-side sums (32 x 32), the small-plane loops (8 x 8, 4 x 4) and scalar tails (5 x 3).</summary>
    [Theory]
    [InlineData(3, 4, 1024, true)]
    [InlineData(5, 8, 64, false)]
    [InlineData(4, 6, 16, true)]
    [InlineData(3, 3, 15, false)]
    [InlineData(3, 5, 49, true)]
    [InlineData(2, 4, 196, false)]
    [InlineData(2, 3, 33, true)]
    public void Backward_WithTheForwardsCoefficients_SameBitsAsMaskingByTheOutput(int n, int c, int spatial, bool accumulate)
    {
        var g = new BatchNormGeometry(n, c, spatial);
        var (x, dy) = (TestData.Random(95, g.Length), TestData.Random(96, g.Length));
        var (gamma, beta) = (TestData.Random(97, c), TestData.Random(98, c));
        // Image 0: channel 0 has x = 1 + 2^-12 at the plane's start and end (vector loop and tail), channel 1 x = +0, -0.
        var last = spatial - 1;
        (x[0], x[last], x[spatial], x[spatial + 1]) = (1f + MathF.Pow(2, -12), 1f + MathF.Pow(2, -12), 0f, -0f);
        var (mean, variance, invStd, output) = (new float[c], new float[c], new float[c], new float[g.Length]);
        BatchNormalization.ForwardTraining(g, 1e-5f, x, gamma, beta, mean, variance, invStd, output, relu: true);
        var (scales, shifts) = (new float[c], new float[c]);
        BatchNormalization.ScaleAndShift(mean, invStd, gamma, beta, scales, shifts);
        // The mask only needs the coefficients the output was formed with: channel 0's make x = 1 + 2^-12 give v = 2^-24 > 0
        // from a fused multiply-add only (0 from a separate multiply and add), channel 1's x = +0 / -0 give v = +0 / -0.
        (scales[0], shifts[0], shifts[1]) = (1f + MathF.Pow(2, -12), -(1f + MathF.Pow(2, -11)), 0f);
        fixed (float* px = x, po = output)
        {
            for (var plane = 0; plane < n * c; plane++)
            {
                VectorLoops.ScaleShiftRelu(px + ((long)plane * spatial), spatial, scales[plane % c], shifts[plane % c], po + ((long)plane * spatial));
            }
        }

        var relu = default(ReluGradientOperator);
        var masked = dy.Select((d, i) => relu.Invoke(x[i], output[i], d)).ToArray();

        var start = TestData.Random(99, g.Length);
        var (expected, actual) = ((float[])start.Clone(), (float[])start.Clone());
        var (expectedGamma, actualGamma, expectedBeta, actualBeta) = (new float[c], new float[c], new float[c], new float[c]);
        BatchNormalization.Backward(g, true, x, masked, mean, invStd, gamma, expected, expectedGamma, expectedBeta, accumulate);
        BatchNormalization.Backward(g, true, x, dy, mean, invStd, gamma, actual, actualGamma, actualBeta, accumulate, scales, shifts);

        Assert.Contains(0f, output);
        Assert.True(output[0] > 0f && output[last] > 0f && output[spatial] == 0f && output[spatial + 1] == 0f);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedGamma, actualGamma);
        Assert.Equal(expectedBeta, actualBeta);
    }

    [Fact]
    public void Backward_WithCoefficientsOfTheWrongLength_NamesThem()
    {
        var g = new BatchNormGeometry(2, 3, 4);
        var error = Assert.Throws<ArgumentException>(() => BatchNormalization.Backward(
            g, true, new float[g.Length], new float[g.Length], new float[3], new float[3], [], new float[g.Length], [], [], reluScales: new float[3], reluShifts: new float[2]));
        Assert.Contains("ReLU shifts", error.Message);
    }
}
