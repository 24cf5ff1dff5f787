using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class BoxTests
{
    public static TheoryData<int[], int[], int[], int[], int[]> Cases => new()
    {
        // extent, source dims, source offset, target dims, target offset
        { [3], [5], [1], [4], [0] },
        { [2, 3], [2, 3], [0, 0], [4, 5], [1, 2] },
        { [5, 1], [5, 4], [0, 2], [5, 1], [0, 0] },
        { [2, 3, 4, 5], [2, 3, 4, 5], [0, 0, 0, 0], [2, 7, 4, 5], [0, 4, 0, 0] },
        { [2, 3, 2, 3], [2, 3, 4, 5], [0, 0, 1, 2], [2, 3, 2, 3], [0, 0, 0, 0] },
        { [1, 1, 1], [2, 3, 4], [1, 2, 3], [1, 1, 1], [0, 0, 0] },
        { [2, 1, 3, 1, 2], [3, 2, 3, 2, 2], [1, 1, 0, 1, 0], [2, 1, 5, 1, 3], [0, 0, 1, 0, 1] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Copy_Boxes_MatchReference(int[] extent, int[] sourceDims, int[] sourceOffset, int[] targetDims, int[] targetOffset)
    {
        var source = Enumerable.Range(1, sourceDims.Aggregate(1, (a, b) => a * b)).Select(i => (float)i).ToArray();
        var targetCount = targetDims.Aggregate(1, (a, b) => a * b);
        var actual = Enumerable.Repeat(-1f, targetCount).ToArray();
        var expected = Enumerable.Repeat(-1f, targetCount).ToArray();
        var layout = new BoxLayout(extent, sourceDims, sourceOffset, targetDims, targetOffset);
        Box.Copy(layout, source, actual);
        BoxReference.Copy(extent, sourceDims, sourceOffset, targetDims, targetOffset, source, expected);
        Assert.Equal(expected, actual);

        Box.Copy(layout, source, actual, accumulate: true);
        BoxReference.Copy(extent, sourceDims, sourceOffset, targetDims, targetOffset, source, expected, accumulate: true);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void BoxLayout_ChannelBlockOfNchw_MergesIntoOneRowPerImage()
    {
        var layout = new BoxLayout([2, 3, 4, 5], [2, 3, 4, 5], [0, 0, 0, 0], [2, 7, 4, 5], [0, 4, 0, 0]);
        Assert.Equal(new[] { 1, 1, 1, 2, 60 }, layout.Extent);
        Assert.Equal(4 * 20, layout.TargetStart);
    }

    [Fact]
    public void BoxLayout_BoxOutsideTarget_ThrowsNamingGeometry()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BoxLayout([2, 3], [2, 3], [0, 0], [2, 4], [0, 2]));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[0, 2]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }
}
