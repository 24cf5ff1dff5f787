namespace NasSharp.Kernels.Tests;

public class Conv2dGeometryTests
{
    [Theory]
    [InlineData(5, 7, 3, 3, 1, 1, 1, 5, 7)]
    [InlineData(5, 7, 3, 3, 2, 1, 1, 3, 4)]
    [InlineData(7, 5, 3, 3, 1, 2, 2, 7, 5)]
    [InlineData(8, 8, 3, 3, 1, 0, 1, 6, 6)]
    [InlineData(2, 2, 3, 3, 1, 3, 3, 2, 2)]
    [InlineData(32, 32, 5, 5, 2, 2, 1, 16, 16)]
    public void OutputSize_MatchesPyTorchFormula(int h, int w, int kh, int kw, int stride, int padding, int dilation, int outH, int outW)
    {
        var g = new Conv2dGeometry(1, 1, h, w, 1, kh, kw, stride, padding, dilation);
        Assert.Null(g.FindProblem());
        Assert.Equal(outH, g.OutH);
        Assert.Equal(outW, g.OutW);
    }

    [Fact]
    public void FindProblem_GroupsNotDividingChannels_NamesGroups()
    {
        var problem = new Conv2dGeometry(1, 4, 5, 5, 6, 3, 3, Groups: 4).FindProblem();
        Assert.NotNull(problem);
        Assert.Contains("groups 4", problem);
    }

    [Fact]
    public void FindProblem_KernelLargerThanPaddedInput_DescribesSizes()
    {
        var problem = new Conv2dGeometry(1, 1, 2, 5, 1, 3, 3).FindProblem();
        Assert.NotNull(problem);
        Assert.Contains("3x3", problem);
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, -1, 1)]
    [InlineData(1, 0, 0)]
    public void FindProblem_NonPositiveStrideDilationOrNegativePadding_IsReported(int stride, int padding, int dilation) =>
        Assert.NotNull(new Conv2dGeometry(1, 1, 5, 5, 1, 3, 3, stride, padding, dilation).FindProblem());

    [Fact]
    public void Validate_WrongBufferLength_ThrowsNamingConv2d()
    {
        var g = new Conv2dGeometry(2, 3, 5, 7, 4, 3, 3, Padding: 1);
        var ex = Assert.Throws<ArgumentException>(() => g.Validate(g.InputLength - 1, g.WeightLength, 0, g.OutputLength));
        Assert.StartsWith("Conv2d:", ex.Message);
    }
}
