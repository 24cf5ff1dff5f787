using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

/// <summary>MaxPool2d, AvgPool2d and GlobalAvgPool2d.</summary>
public class PoolingTests
{
    private static Tensor Grid() => Tensor.FromArray([.. Enumerable.Range(1, 9).Select(i => (float)i)], 1, 1, 3, 3);

    [Fact]
    public void MaxPool2d_ThreeByThreePaddingOne_TakesWindowMaximum()
    {
        var y = new MaxPool2d(3, 1, 1).Forward(Grid());
        Assert.Equal([5f, 6f, 6f, 8f, 9f, 9f, 8f, 9f, 9f], y.ToArray());
    }

    [Fact]
    public void AvgPool2d_CountIncludePadFalse_DividesCornerByFourRealCells()
    {
        var y = new AvgPool2d(3, 1, 1, countIncludePad: false).Forward(Grid());
        Assert.Equal((1f + 2f + 4f + 5f) / 4f, y.Data[0], 5);
        Assert.Equal(5f, y.Data[4], 5);
    }

    [Fact]
    public void AvgPool2d_CountIncludePadTrue_DividesCornerByNine() =>
        Assert.Equal((1f + 2f + 4f + 5f) / 9f, new AvgPool2d(3, 1, 1).Forward(Grid()).Data[0], 5);

    [Fact]
    public void GlobalAvgPool2d_AveragesSpatialAxes()
    {
        var y = new GlobalAvgPool2d().Forward(Grid());
        Assert.Equal([1, 1], y.Shape.ToArray());
        Assert.Equal(5f, y.Item(), 5);
    }

    [Fact]
    public void Constructor_PaddingAboveHalfKernel_Throws() => Assert.Throws<ArgumentException>(() => new MaxPool2d(3, 1, 2));
}
