using NasSharp.Tensors;
using O = NasSharp.Tensors.Ops;

namespace NasSharp.Tensors.Tests.Ops;

/// <summary>A recorded op output rectified more than once (a DARTS node feeding several convolution candidates).</summary>
public class SharedReluTests
{
    // An uncommon element count, so that the pool's bucket for it holds only this class's buffers.
    private static readonly int[] Shape = [3, 7, 59];

    private static Tensor Leaf(int seed) => ReluTests.AwayFromZero(seed, Shape).WithGrad();

    [Fact]
    public void Relu_SameOpOutputTwice_SharesTheFirstResult()
    {
        using var scope = new TensorScope();
        var x = O.Scale(Leaf(1), 2f);
        var first = O.Relu(x);
        var second = O.Relu(x);

        Assert.NotSame(first, second);
        Assert.True(first.Data.Overlaps(second.Data));
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(x.ToArray().Select(v => Math.Max(v, 0f)), second.ToArray());
    }

    [Fact]
    public void Relu_SharedResults_EachCarryTheirOwnGradient()
    {
        // Exact arithmetic (small integers), so the expected gradient does not depend on the order of the sums:
        // d/dx sum(relu(x) * 1) + sum(relu(x) * 2) + sum(relu(x) * 4) = 7 where x > 0 and 0 elsewhere.
        using var scope = new TensorScope();
        var leaf = Leaf(2);
        var x = O.Scale(leaf, 1f);
        var terms = new[] { 1f, 2f, 4f }.Select(w => O.Sum(O.Scale(O.Relu(x), w))).ToArray();
        O.AddN(terms).Backward();

        var expected = leaf.ToArray().Select(v => v > 0 ? 7f : 0f).ToArray();
        Assert.Equal(expected, leaf.Grad!.ToArray());
    }

    [Fact]
    public void Relu_SharedResults_GradientsMatchFiniteDifferences() =>
        OpAssert.GradientsMatch(
            x =>
            {
                var doubled = O.Scale(x[0], 2f);
                return O.Add(O.Multiply(O.Relu(doubled), x[1]), O.Scale(O.Relu(doubled), 3f));
            },
            ReluTests.AwayFromZero(3, [2, 3, 5]).WithGrad(),
            Tensor.RandomUniform(new Random(4), -1f, 1f, 2, 3, 5).WithGrad());

    [Fact]
    public void Relu_ManyTensorsRectifiedTwice_EachGetsItsOwnValues()
    {
        // More tensors than the recent ReLUs remembered: early ones are computed again, later ones shared.
        using var scope = new TensorScope();
        var leaf = Leaf(10);
        var xs = Enumerable.Range(0, 40).Select(i => O.AddScalar(leaf, i * 0.05f)).ToArray();
        var firsts = xs.Select(O.Relu).ToArray();
        var seconds = xs.Reverse().Select(O.Relu).Reverse().ToArray();
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = xs[i].ToArray().Select(v => Math.Max(v, 0f)).ToArray();
            Assert.Equal(expected, firsts[i].ToArray());
            Assert.Equal(expected, seconds[i].ToArray());
        }

        Assert.True(firsts[^1].Data.Overlaps(seconds[^1].Data));
        Assert.False(firsts[0].Data.Overlaps(seconds[0].Data));
    }

    [Fact]
    public void Relu_Leaf_IsRectifiedAgainAfterItChanges()
    {
        using var scope = new TensorScope();
        var x = Leaf(5);
        var first = O.Relu(x);
        x.Data.Fill(-1f);
        x.Data[0] = 3f;
        var second = O.Relu(x);

        Assert.False(first.Data.Overlaps(second.Data));
        Assert.Equal(3f, second.Data[0]);
        Assert.All(second.ToArray()[1..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Relu_FirstResultReleasedWithItsScope_IsComputedAgain()
    {
        using var outer = new TensorScope();
        var x = O.Scale(Leaf(6), 1f);
        using (new TensorScope())
        {
            _ = O.Relu(x);
        }

        var again = O.Relu(x);
        Assert.Equal(x.ToArray().Select(v => Math.Max(v, 0f)), again.ToArray());
    }

    [Fact]
    public void Relu_WithoutRecording_DoesNotShare()
    {
        using var scope = new TensorScope();
        var x = O.Scale(Leaf(7), 1f);
        using (new NoGradScope())
        {
            var first = O.Relu(x);
            var second = O.Relu(x);
            Assert.False(first.Data.Overlaps(second.Data));
        }
    }

    [Fact]
    public void Keep_SharedResult_KeepsTheStorageItViews()
    {
        using var outer = new TensorScope();
        var x = O.Scale(Leaf(8), 1f);
        var expected = x.ToArray().Select(v => Math.Max(v, 0f)).ToArray();
        Tensor kept;
        using (var inner = new TensorScope())
        {
            _ = O.Relu(x);
            kept = inner.Keep(O.Relu(x));
        }

        // Had the first result's storage gone back to the pool, these tensors would rent it and overwrite it.
        var fillers = Enumerable.Range(0, 4).Select(_ => Tensor.Full(-9f, Shape)).ToArray();
        Assert.Equal(expected, kept.ToArray());
        Assert.All(fillers, f => Assert.False(f.Data.Overlaps(kept.Data)));
    }

    [Fact]
    public void Keep_Reshape_KeepsTheStorageItViews()
    {
        using var outer = new TensorScope();
        var source = Leaf(9);
        Tensor kept;
        float[] expected;
        using (var inner = new TensorScope())
        {
            var owner = O.Scale(source, 2f);
            expected = owner.ToArray();
            kept = inner.Keep(O.Reshape(owner, -1));
        }

        var fillers = Enumerable.Range(0, 4).Select(_ => Tensor.Full(-9f, Shape)).ToArray();
        Assert.Equal(expected, kept.ToArray());
        Assert.All(fillers, f => Assert.False(f.Data.Overlaps(kept.Data)));
    }
}
