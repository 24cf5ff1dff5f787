using NasSharp.Tensors;
using TensorOps = NasSharp.Tensors.Ops;

namespace NasSharp.Tensors.Tests.Autograd;

/// <summary>
/// The first contribution to an intermediate gradient overwrites a pooled buffer of unspecified contents; every later
/// one adds. One intermediate feeds every op whose backward writes that way, with the pool holding NaN-filled buffers
/// of its size, and the gradients must still match finite differences.
/// </summary>
[Collection(SharedKernelThreads.Name)]
public class GradientWriteTests
{
    private static readonly int[] Shape = [2, 4, 6, 6];

    /// <summary>The ops whose backward writes its input's gradient on the first contribution, each as a function of h.</summary>
    private static readonly Func<Tensor, Tensor[], Tensor>[] Uses =
    [
        (h, p) => TensorOps.Relu(h),
        (h, p) => TensorOps.BatchNorm2d(h, p[2], null, null, null, training: true),
        (h, p) => TensorOps.ChannelShuffle(h, 2),
        (h, p) => TensorOps.Concat([h, TensorOps.Relu(h)], 1),
        (h, p) => TensorOps.Slice(h, 1, 1, 2),
        (h, p) => TensorOps.AddN([h, h]),
        (h, p) => TensorOps.WeightedSum([h, TensorOps.Relu(h)], p[3], [0, 1]),
        (h, p) => TensorOps.AvgPool2d(h, 3, 1, 1, countIncludePad: false),
        (h, p) => TensorOps.AvgPool2d(h, 3, 2, 1),
        (h, p) => TensorOps.GlobalAvgPool2d(h),
        (h, p) => TensorOps.Conv2d(h, p[1], stride: 2, padding: 1, groups: 4),
        (h, p) => TensorOps.Conv2d(h, p[1], padding: 1, groups: 4),
        (h, p) => TensorOps.Conv2d(h, p[0], padding: 0),
        (h, p) => TensorOps.Conv2d(h, p[4], stride: 2, padding: 1),
    ];

    public static TheoryData<int, int> Pairs()
    {
        var data = new TheoryData<int, int>();
        for (var i = 0; i < Uses.Length; i++)
        {
            data.Add(i, -1);
            data.Add(i, (i + 1) % Uses.Length);
        }

        return data;
    }

    /// <param name="first">The op whose gradient rule runs alone (-1 for second: it is the first contribution).</param>
    /// <param name="second">A second use of the same intermediate, whose contribution adds to the first's; -1 for none.</param>
    [Theory]
    [MemberData(nameof(Pairs))]
    public void Backward_IntermediateWithPoisonedPool_GradientsMatchFiniteDifferences(int first, int second)
    {
        var random = new Random(3);
        var x = Tensor.RandomUniform(random, -1f, 1f, Shape);
        var pointwise = Tensor.RandomUniform(random, -1f, 1f, 4, 4, 1, 1);
        var depthwise = Tensor.RandomUniform(random, -1f, 1f, 4, 1, 3, 3);
        var gamma = Tensor.RandomUniform(random, 0.5f, 1.5f, 4);
        var mix = Tensor.RandomUniform(random, 0.2f, 1f, 2);
        var dense = Tensor.RandomUniform(random, -1f, 1f, 4, 4, 3, 3);
        OpAssert.GradientsMatch(inputs => Loss(inputs, first, second), 1e-3, x, pointwise, depthwise, gamma, mix, dense);
    }

    private static Tensor Loss(Tensor[] inputs, int first, int second)
    {
        var parameters = inputs[1..];
        var h = TensorOps.Conv2d(inputs[0], inputs[1]);
        var uses = second < 0 ? [first] : new[] { first, second };
        var loss = TensorOps.AddN([.. uses.Select(i => Projected(Uses[i](h, parameters)))]);
        Poison(h.Count, 8);
        return loss;
    }

    /// <summary>sum(u * r) for a fixed random r: every element of u gets its own gradient.</summary>
    private static Tensor Projected(Tensor u) => TensorOps.Sum(TensorOps.Multiply(u, Tensor.RandomUniform(new Random(u.Count), -1f, 1f, u.Shape.ToArray())));

    /// <summary>Returns NaN-filled buffers of <paramref name="length"/> to the pool, where the backward pass's fresh gradients come from.</summary>
    private static void Poison(int length, int count)
    {
        using var scope = new TensorScope();
        for (var i = 0; i < count; i++)
        {
            _ = Tensor.Full(float.NaN, length);
        }
    }
}
