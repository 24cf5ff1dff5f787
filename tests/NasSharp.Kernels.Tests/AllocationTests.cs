namespace NasSharp.Kernels.Tests;

/// <summary>
/// A training step calls these kernels hundreds of times, so once warm (scratch grown, workers started)
/// they must not allocate managed memory on the calling thread, with or without worker threads.
/// </summary>
[Collection(nameof(ThreadCountSensitive))]
public class AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TrainingStepKernels_WhenWarm_AllocateNothingOnTheCallingThread(int threads)
    {
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = threads;
            var step = new Step();
            step.Run();
            var before = GC.GetAllocatedBytesForCurrentThread();
            step.Run();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    /// <summary>
    /// One of each kernel a NAS-Bench-201 cell runs, and strided ones (a 3x3 convolution, a 1x1 convolution on its
    /// subsampled input, a depthwise convolution, both poolings), on small buffers allocated up front.
    /// </summary>
    private sealed class Step
    {
        private readonly Conv2dGeometry[] convolutions =
        [
            new(4, 8, 9, 12, 8, 3, 3, 1, 1),
            new(4, 8, 9, 12, 8, 1, 1),
            new(4, 8, 9, 12, 8, 3, 3, 1, 1, 1, 8),
            new(4, 8, 9, 12, 8, 3, 3, 2, 1),
            new(4, 8, 9, 12, 8, 1, 1, 2, 0),
            new(4, 8, 9, 12, 8, 3, 3, 2, 1, 1, 8),
        ];

        private readonly BatchNormGeometry norm = new(4, 8, 9 * 12);
        private readonly Pool2dGeometry pool = new(4, 8, 9, 12, 3, 1, 1);
        private readonly Pool2dGeometry reduction = new(4, 8, 9, 12, 3, 2, 1);
        private readonly float[] x = TestData.Random(1, 4 * 8 * 9 * 12);
        private readonly float[] y = new float[4 * 8 * 9 * 12];
        private readonly float[] dx = new float[4 * 8 * 9 * 12];
        private readonly float[] weight = TestData.Random(2, 8 * 8 * 9);
        private readonly float[] weightGrad = new float[8 * 8 * 9];
        private readonly float[] channels = new float[8];
        private readonly float[] channels2 = TestData.Random(3, 8);
        private readonly int[] argmax = new int[4 * 8 * 9 * 12];

        public void Run()
        {
            foreach (var g in convolutions)
            {
                var w = weight.AsSpan(0, g.WeightLength);
                Convolution.Forward(g, x, w, channels, y.AsSpan(0, g.OutputLength));
                Convolution.BackwardData(g, y.AsSpan(0, g.OutputLength), w, dx);
                Convolution.BackwardWeight(g, x, y.AsSpan(0, g.OutputLength), weightGrad.AsSpan(0, g.WeightLength), channels);
            }

            BatchNormalization.Statistics(norm, x, channels, channels2);
            BatchNormalization.Normalize(norm, x, channels, channels2, channels2, channels, y);
            BatchNormalization.Backward(norm, true, x, y, channels, channels2, channels2, dx, channels, channels2);
            AveragePooling.Forward(pool, false, x, y);
            AveragePooling.Backward(pool, false, y, dx);
            MaxPooling.Forward(pool, x, y, argmax);
            MaxPooling.Backward(pool, y, argmax, dx);
            AveragePooling.Forward(reduction, false, x, y.AsSpan(0, reduction.OutputLength));
            AveragePooling.Backward(reduction, false, y.AsSpan(0, reduction.OutputLength), dx);
            MaxPooling.Forward(reduction, x, y.AsSpan(0, reduction.OutputLength), argmax.AsSpan(0, reduction.OutputLength));
            Gemm.Multiply(new GemmLayout(24, 40, 36, TransposeB: true), x.AsSpan(0, 24 * 36), x.AsSpan(0, 36 * 40), y.AsSpan(0, 24 * 40));
        }
    }
}
