using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class GlobalAveragePoolingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 35)]
    [InlineData(3, 49)]
    public void ForwardAndBackward_MatchReference(int planes, int planeSize)
    {
        var x = TestData.Random(1, planes * planeSize);
        var (expected, actual) = (new float[planes], new float[planes]);
        GlobalAveragePoolingReference.Forward(planes, planeSize, x, expected);
        GlobalAveragePooling.Forward(planes, planeSize, x, actual);
        TestData.AssertClose(expected, actual, 1e-5f);

        var dy = TestData.Random(2, planes);
        var expectedGrad = TestData.Random(3, planes * planeSize);
        var actualGrad = (float[])expectedGrad.Clone();
        GlobalAveragePoolingReference.Backward(planes, planeSize, dy, expectedGrad);
        GlobalAveragePooling.Backward(planes, planeSize, dy, actualGrad);
        TestData.AssertClose(expectedGrad, actualGrad, 1e-6f);
    }

    [Fact]
    public void Forward_WrongOutputLength_ThrowsNamingOp()
    {
        var ex = Assert.Throws<ArgumentException>(() => GlobalAveragePooling.Forward(2, 4, new float[8], new float[3]));
        Assert.StartsWith("GlobalAvgPool2d:", ex.Message);
    }

    [Fact]
    public void Backward_Overwrite_WritesEveryElementAsIfAddingToZeros()
    {
        var dy = TestData.Random(2, 6);
        var expected = new float[6 * 35];
        var actual = Enumerable.Repeat(float.NaN, 6 * 35).ToArray();
        GlobalAveragePoolingReference.Backward(6, 35, dy, expected);
        GlobalAveragePooling.Backward(6, 35, dy, actual, accumulate: false);
        TestData.AssertClose(expected, actual, 1e-6f);
    }
}
