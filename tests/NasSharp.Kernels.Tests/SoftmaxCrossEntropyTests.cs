using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

[Collection(nameof(ThreadCountSensitive))]
public class SoftmaxCrossEntropyTests
{
    [Theory]
    [InlineData(3, 7, 0f)]
    [InlineData(5, 33, 0.1f)]
    [InlineData(40, 1000, 0f)]
    public void ForwardBackward_RandomLogits_MatchReference(int rows, int classes, float smoothing)
    {
        var logits = TestData.Random(1, rows * classes).Select(v => 4f * v).ToArray();
        var targets = Enumerable.Range(0, rows).Select(i => (i * 7) % classes).ToArray();
        var (expectedLoss, expectedGradient) = SoftmaxCrossEntropyReference.Run(rows, classes, logits, targets, smoothing);
        var (shift, logSum, loss) = (new float[rows], new float[rows], new float[rows]);
        SoftmaxCrossEntropy.Forward(rows, classes, logits, targets, smoothing, shift, logSum, loss);
        TestData.AssertClose(expectedLoss.Select(v => (float)v).ToArray(), loss, 1e-5f);

        // Overwrite, then accumulate a second scaled copy on top: 0.5 g + 0.25 g.
        var gradient = Enumerable.Repeat(float.NaN, rows * classes).ToArray();
        SoftmaxCrossEntropy.Backward(rows, classes, logits, targets, smoothing, shift, logSum, 0.5f, gradient, accumulate: false);
        SoftmaxCrossEntropy.Backward(rows, classes, logits, targets, smoothing, shift, logSum, 0.25f, gradient, accumulate: true);
        TestData.AssertClose(expectedGradient.Select(v => (float)(0.75 * v)).ToArray(), gradient, 1e-5f);
    }

    [Fact]
    public void ForwardBackward_AnyThreadCount_BitwiseIdentical()
    {
        var (rows, classes) = (50, 3000);
        var logits = TestData.Random(2, rows * classes);
        var targets = Enumerable.Range(0, rows).Select(i => (i * 13) % classes).ToArray();
        var saved = KernelParallel.ThreadCount;
        try
        {
            float[][] Run(int threads)
            {
                KernelParallel.ThreadCount = threads;
                var (shift, logSum, loss, gradient) = (new float[rows], new float[rows], new float[rows], new float[rows * classes]);
                SoftmaxCrossEntropy.Forward(rows, classes, logits, targets, 0.1f, shift, logSum, loss);
                SoftmaxCrossEntropy.Backward(rows, classes, logits, targets, 0.1f, shift, logSum, 0.02f, gradient, accumulate: false);
                return [shift, logSum, loss, gradient];
            }

            var one = Run(1);
            var three = Run(3);
            Assert.Equal(one, three);
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    [Fact]
    public void Forward_WrongTargetCount_ThrowsNamingShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.Forward(2, 3, new float[6], new int[3], 0f, new float[2], new float[2], new float[2]));
        Assert.Contains("2 rows of 3 classes", ex.Message);
    }
}
