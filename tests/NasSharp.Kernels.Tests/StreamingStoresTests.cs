using System.Runtime.InteropServices;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// Streaming stores change where an output goes, never its value: the batch-norm forward pass of a tensor of at least
/// <see cref="StreamingStores.MinBytes"/> on cache-line-aligned buffers (as tensors are) gives the bits of one fused
/// multiply-add per element, with and without the ReLU, its backward pass overwriting the input gradient gives the bits
/// of adding to zeros, and the threshold decides which outputs stream.
/// </summary>
public unsafe class StreamingStoresTests
{
    [Fact]
    public void Pay_OnlyFromAboutAnL2CacheOfOutput()
    {
        var floats = StreamingStores.MinBytes / sizeof(float);
        Assert.False(StreamingStores.Pay(floats - 1));
        Assert.Equal(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated, StreamingStores.Pay(floats));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ForwardTraining_OfAStreamedTensor_IsOneFusedMultiplyAddPerElement(bool relu, bool affine)
    {
        // 4 x 16 x 4096 floats = 1 MiB: at the threshold, so y streams where the machine has 512-bit vectors.
        var g = new BatchNormGeometry(4, 16, 4096);
        Assert.True(StreamingStores.Pay(g.Length) || !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated);
        var x = Aligned(g.Length);
        var y = Aligned(g.Length);
        try
        {
            var values = TestData.Random(61, g.Length);
            values[5] = -0f;
            values[4097] = float.NaN;
            values.CopyTo(x);
            var gamma = affine ? TestData.Random(62, g.C) : [];
            var beta = affine ? TestData.Random(63, g.C) : [];
            var (mean, variance, invStd) = (new float[g.C], new float[g.C], new float[g.C]);
            BatchNormalization.ForwardTraining(g, 1e-5f, x, gamma, beta, mean, variance, invStd, y, relu);

            var output = y.ToArray();
            for (var i = 0; i < g.Length; i++)
            {
                var c = (i / g.Spatial) % g.C;
                var scale = invStd[c] * (affine ? gamma[c] : 1f);
                var shift = (affine ? beta[c] : 0f) - (mean[c] * scale);
                var expected = MathF.FusedMultiplyAdd(values[i], scale, shift);
                expected = relu && expected < 0f ? 0f : expected;
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(output[i]), $"element {i}: expected {expected:R}, got {output[i]:R}");
            }
        }
        finally
        {
            NativeMemory.AlignedFree(Unsafe(x));
            NativeMemory.AlignedFree(Unsafe(y));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_OverwritingAStreamedGradient_SameBitsAsAddingToZeros(bool relu)
    {
        var g = new BatchNormGeometry(4, 16, 4096);
        var written = Aligned(g.Length);
        try
        {
            var (x, dy, gamma) = (TestData.Random(64, g.Length), TestData.Random(65, g.Length), TestData.Random(66, g.C));
            var (reluScales, reluShifts) = relu ? (TestData.Random(67, g.C), TestData.Random(68, g.C)) : ([], []);
            var (mean, variance, invStd) = (new float[g.C], new float[g.C], new float[g.C]);
            BatchNormalization.Statistics(g, x, mean, variance);
            BatchNormalization.InverseStd(variance, 1e-5f, invStd);
            var added = new float[g.Length];
            written.Fill(float.NaN);
            BatchNormalization.Backward(g, true, x, dy, mean, invStd, gamma, added, new float[g.C], new float[g.C], reluScales: reluScales, reluShifts: reluShifts);
            BatchNormalization.Backward(g, true, x, dy, mean, invStd, gamma, written, new float[g.C], new float[g.C], accumulateDx: false, reluScales: reluScales, reluShifts: reluShifts);
            Assert.Equal(added, written.ToArray());
        }
        finally
        {
            NativeMemory.AlignedFree(Unsafe(written));
        }
    }

    private static Span<float> Aligned(int floats) => new(NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64), floats);

    private static void* Unsafe(Span<float> span)
    {
        fixed (float* p = span)
        {
            return p;
        }
    }
}
