using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class PermutationTests
{
    public static TheoryData<int[], int[]> Cases => new()
    {
        { [], [] },
        { [7], [0] },
        { [3, 5], [1, 0] },
        { [2, 3, 4], [2, 0, 1] },
        { [2, 3, 4], [0, 2, 1] },
        { [2, 3, 5, 7], [0, 2, 3, 1] },
        { [2, 3, 5, 7], [0, 1, 2, 3] },
        { [2, 3, 1, 5, 3], [4, 3, 2, 1, 0] },
        { [3, 4, 5, 6, 7], [3, 1, 4, 0, 2] },
        { [8, 2, 16, 16], [0, 2, 1, 3] },         // a channel shuffle of 4 x 4 planes: rows of 16 contiguous floats
        { [2, 3, 4, 5, 16], [2, 0, 3, 1, 4] },
        { [4, 8, 32, 8, 16], [0, 2, 1, 3, 4] },   // 131,072 elements: several blocks, each starting mid-way through the row indices
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_Permutations_MatchReference(int[] dims, int[] axes)
    {
        var count = dims.Aggregate(1, (a, b) => a * b);
        var src = Enumerable.Range(0, count).Select(i => (float)i).ToArray();
        var actual = new float[count];
        var expected = new float[count];
        Permutation.Apply(dims, axes, src, actual);
        PermutationReference.Apply(dims, axes, src, expected);
        Assert.Equal(expected, actual);

        Permutation.Apply(dims, axes, src, actual, accumulate: true);
        Assert.Equal(expected.Select(v => 2 * v), actual);
    }

    [Fact]
    public void Apply_Transpose_MovesElementsAsExpected()
    {
        var dst = new float[6];
        Permutation.Apply([2, 3], [1, 0], [1f, 2f, 3f, 4f, 5f, 6f], dst);
        Assert.Equal(new[] { 1f, 4f, 2f, 5f, 3f, 6f }, dst);
    }

    [Fact]
    public void Apply_NotAPermutation_ThrowsNamingDimsAndAxes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Permutation.Apply([2, 3], [0, 0], new float[6], new float[6]));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[0, 0]", ex.Message);
        Assert.Throws<ArgumentException>(() => Permutation.Apply([2, 3], [1, 0], new float[5], new float[6]));
    }
}
