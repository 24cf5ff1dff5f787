namespace NasSharp.Kernels.Tests;

public class Im2ColTests
{
    [Theory]
    [InlineData(3, 5, 7, 3, 3, 1, 1, 1)]
    [InlineData(2, 5, 7, 3, 3, 2, 1, 1)]
    [InlineData(2, 7, 5, 3, 2, 1, 2, 2)]
    [InlineData(1, 2, 2, 3, 3, 1, 3, 3)]
    public void Fold_IsAdjointOfExpand(int channels, int h, int w, int kh, int kw, int stride, int padding, int dilation)
    {
        // <Expand(x), c> == <x, Fold(c)> for all x, c: col2im is exactly the transpose of im2col.
        var g = new Conv2dGeometry(1, channels, h, w, 1, kh, kw, stride, padding, dilation);
        var x = TestData.Random(1, channels * h * w);
        var c = TestData.Random(2, g.ColumnRows * g.OutPlane);
        var expanded = new float[c.Length];
        var folded = new float[x.Length];
        Im2Col.Expand(g, x, expanded);
        Im2Col.Fold(g, c, folded);
        var left = expanded.Zip(c, (a, b) => (double)a * b).Sum();
        var right = x.Zip(folded, (a, b) => (double)a * b).Sum();
        Assert.Equal(left, right, 4);
    }

    [Fact]
    public void Expand_PaddedCorner_ReadsZeros()
    {
        var g = new Conv2dGeometry(1, 1, 2, 2, 1, 3, 3, Padding: 1);
        float[] x = [1, 2, 3, 4];
        var columns = new float[g.ColumnRows * g.OutPlane];
        Im2Col.Expand(g, x, columns);

        // Tap (0, 0) sees x[oh - 1, ow - 1]: only output (1, 1) reads a real element, x[0, 0] = 1.
        Assert.Equal(new float[] { 0, 0, 0, 1 }, columns[..4]);

        // The centre tap (1, 1) sees the image itself.
        Assert.Equal(x, columns[16..20]);
    }
}
