using NasSharp.Kernels;
using NasSharp.Kernels.Reference;

namespace NasSharp.Kernels.Tests;

public class ReductionTests
{
    private static float[] Random(int seed, int n)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (2f * random.NextSingle()) - 1f).ToArray();
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(2, 33, 17)]
    [InlineData(4, 9, 600)]
    [InlineData(70, 300, 3)]
    [InlineData(1, 5000, 2)]
    public void Sum_MiddleAxis_MatchesReferenceBitwise(int outer, int length, int inner)
    {
        // With Inner > 1 every output adds its terms in index order, exactly as the scalar loop.
        var src = Random(outer + length + inner, outer * length * inner);
        var actual = new float[outer * inner];
        var expected = new float[outer * inner];
        Reduction.Sum(new ReductionLayout(outer, length, inner), src, actual);
        ReductionReference.Sum(new ReductionLayout(outer, length, inner), src, expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 15)]
    [InlineData(5, 16)]
    [InlineData(2, 17)]
    [InlineData(7, 1000)]
    [InlineData(1, 100_003)]
    [InlineData(3000, 30)]
    public void Sum_LastAxis_MatchesReferenceWithinRounding(int outer, int length)
    {
        var src = Random(outer * length, outer * length);
        var actual = new float[outer];
        var expected = new float[outer];
        Reduction.Sum(new ReductionLayout(outer, length, 1), src, actual);
        ReductionReference.Sum(new ReductionLayout(outer, length, 1), src, expected);
        for (var i = 0; i < outer; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * length, $"row {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void Sum_Accumulate_AddsToDestination()
    {
        var src = Random(1, 2 * 3 * 4);
        var actual = Enumerable.Repeat(10f, 8).ToArray();
        var expected = Enumerable.Repeat(10f, 8).ToArray();
        Reduction.Sum(new ReductionLayout(2, 3, 4, Accumulate: true), src, actual);
        ReductionReference.Sum(new ReductionLayout(2, 3, 4, Accumulate: true), src, expected);
        Assert.Equal(expected, actual);

        var rows = new[] { 1f, 1f };
        Reduction.Sum(new ReductionLayout(2, 3, 1, Accumulate: true), [1f, 2f, 3f, 4f, 5f, 6f], rows);
        Assert.Equal(new[] { 7f, 16f }, rows);
    }

    [Theory]
    [InlineData(5000, 37, 1)]
    [InlineData(64, 20, 1500)]
    public void Sum_AnyThreadCount_GivesBitwiseIdenticalResults(int outer, int length, int inner)
    {
        var src = Random(5, outer * length * inner);
        var layout = new ReductionLayout(outer, length, inner);
        var single = new float[outer * inner];
        var multi = new float[outer * inner];
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = 1;
            Reduction.Sum(layout, src, single);
            KernelParallel.ThreadCount = 4;
            Reduction.Sum(layout, src, multi);
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }

        Assert.Equal(single, multi);
    }

    [Fact]
    public void RowSum_KnownValues_SumsExactly()
    {
        var row = Enumerable.Range(1, 35).Select(i => (float)i).ToArray();
        Assert.Equal(630f, Reduction.RowSum(row));
        Assert.Equal(0f, Reduction.RowSum([]));
    }

    [Fact]
    public void Sum_BufferMismatch_ThrowsNamingGeometry()
    {
        var ex = Assert.Throws<ArgumentException>(() => Reduction.Sum(new ReductionLayout(2, 3, 4), new float[24], new float[6]));
        Assert.Contains("[2, 3, 4]", ex.Message);
        Assert.Throws<ArgumentException>(() => Reduction.Sum(new ReductionLayout(0, 3, 4), [], []));
    }
}
