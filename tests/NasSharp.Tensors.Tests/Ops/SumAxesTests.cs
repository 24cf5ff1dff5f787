using NasSharp.Kernels;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

[Collection(NasSharp.Tensors.Tests.SharedKernelThreads.Name)]
public class SumAxesTests
{
    public static TheoryData<int[], int[], bool> Cases => new()
    {
        { [7], [0], false },
        { [3, 5], [0], false },
        { [3, 5], [1], true },
        { [3, 5], [-1, 0], false },
        { [2, 3, 4], [0, 2], false },
        { [2, 3, 4], [1], true },
        { [2, 3, 4, 5], [0, 2, 3], false },
        { [2, 3, 1, 5, 3], [0, 2, 4], true },
        { [3, 1, 35], [2], false },
    };

    /// <summary>Sum by per-element index arithmetic, in double: the oracle for the axis sums.</summary>
    internal static float[] NaiveSum(Tensor x, int[] axes)
    {
        var dims = x.Shape.ToArray();
        var reduced = dims.Select((_, d) => axes.Any(a => (a + dims.Length) % dims.Length == d)).ToArray();
        var outCount = dims.Where((_, d) => !reduced[d]).Aggregate(1, (a, b) => a * b);
        var sums = new double[outCount];
        for (var i = 0; i < x.Count; i++)
        {
            var rest = i;
            var o = 0;
            var scale = 1;
            for (var d = dims.Length - 1; d >= 0; d--)
            {
                var coordinate = rest % dims[d];
                rest /= dims[d];
                if (!reduced[d])
                {
                    o += coordinate * scale;
                    scale *= dims[d];
                }
            }

            sums[o] += x.Data[i];
        }

        return sums.Select(s => (float)s).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sum_Axes_GradientsMatchFiniteDifferences(int[] shape, int[] axes, bool keepDims) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.Sum(x[0], axes, keepDims), OpAssert.RandomInputs(20, shape));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sum_Axes_MatchNaiveSumAndShape(int[] shape, int[] axes, bool keepDims)
    {
        var x = OpAssert.RandomInputs(21, shape)[0];
        var y = NasSharp.Tensors.Ops.Sum(x, axes, keepDims);
        var normalized = axes.Select(a => (a + shape.Length) % shape.Length).ToArray();
        var expectedShape = shape.Select((d, i) => normalized.Contains(i) ? (keepDims ? 1 : 0) : d).Where(d => d > 0).ToArray();
        Assert.Equal(expectedShape, y.Shape.ToArray());
        OpAssert.Close(NaiveSum(x, axes), y.Data, 1e-5f);
    }

    [Fact]
    public void Sum_AllAxes_GivesScalar()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = NasSharp.Tensors.Ops.Sum(x, [0, 1]);
        Assert.Equal(0, y.Rank);
        Assert.Equal(21f, y.Item());
        Assert.Equal(new[] { 5f, 7f, 9f }, NasSharp.Tensors.Ops.Sum(x, [0]).ToArray());
        Assert.Equal(new[] { 6f, 15f }, NasSharp.Tensors.Ops.Sum(x, [1], keepDims: true).ToArray());
    }

    [Fact]
    public void Sum_AnyThreadCount_GivesBitwiseIdenticalResults()
    {
        var x = OpAssert.RandomInputs(22, [16, 8, 33, 40])[0];
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = 1;
            var single = NasSharp.Tensors.Ops.Sum(x, [0, 2, 3]).ToArray();
            KernelParallel.ThreadCount = 3;
            var multi = NasSharp.Tensors.Ops.Sum(x, [0, 2, 3]).ToArray();
            Assert.Equal(single, multi);
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    [Fact]
    public void Sum_BadAxes_ThrowNamingOpAndShape()
    {
        var x = Tensor.Zeros(2, 3);
        var outOfRange = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Sum(x, [2]));
        Assert.Contains("Sum", outOfRange.Message);
        Assert.Contains("[2, 3]", outOfRange.Message);
        var repeated = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Sum(x, [1, -1]));
        Assert.Contains("[2, 3]", repeated.Message);
        Assert.Contains("more than once", repeated.Message);
        var empty = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Sum(x, []));
        Assert.Contains("no axes", empty.Message);
    }
}
