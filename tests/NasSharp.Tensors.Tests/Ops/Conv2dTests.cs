using NasSharp.Kernels;
using NasSharp.Kernels.Reference;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class Conv2dTests
{
    /// <summary>input shape, weight shape, stride, padding, dilation, groups, with bias.</summary>
    public static TheoryData<int[], int[], int, int, int, int, bool> Cases => new()
    {
        { [2, 3, 5, 7], [4, 3, 3, 3], 1, 1, 1, 1, true },
        { [2, 3, 5, 7], [4, 3, 3, 3], 2, 1, 1, 1, true },
        { [1, 3, 7, 5], [2, 3, 3, 3], 1, 2, 2, 1, false },
        { [2, 4, 5, 7], [6, 2, 3, 3], 1, 1, 1, 2, true },
        { [2, 3, 5, 7], [3, 1, 3, 3], 2, 1, 1, 3, true },
        { [1, 2, 5, 7], [4, 1, 3, 3], 1, 1, 2, 2, false },
        { [2, 4, 5, 7], [3, 4, 1, 1], 1, 0, 1, 1, true },
        { [2, 3, 5, 6], [2, 3, 2, 3], 2, 0, 1, 1, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2d_Geometries_GradientsMatchFiniteDifferences(int[] input, int[] weight, int stride, int padding, int dilation, int groups, bool withBias)
    {
        var shapes = withBias ? new[] { input, weight, [weight[0]] } : new[] { input, weight };
        OpAssert.GradientsMatch(
            x => NasSharp.Tensors.Ops.Conv2d(x[0], x[1], withBias ? x[2] : null, stride, padding, dilation, groups),
            OpAssert.RandomInputs(3, shapes));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2d_Geometries_MatchReference(int[] input, int[] weight, int stride, int padding, int dilation, int groups, bool withBias)
    {
        var x = OpAssert.RandomInputs(4, input, weight, [weight[0]]);
        var bias = withBias ? x[2] : null;
        var y = NasSharp.Tensors.Ops.Conv2d(x[0], x[1], bias, stride, padding, dilation, groups);

        var g = new Conv2dGeometry(input[0], input[1], input[2], input[3], weight[0], weight[2], weight[3], stride, padding, dilation, groups);
        var expected = new float[g.OutputLength];
        ConvolutionReference.Forward(g, x[0].Data, x[1].Data, bias is null ? default : bias.Data, expected);
        Assert.Equal(new[] { g.N, g.Cout, g.OutH, g.OutW }, y.Shape.ToArray());
        OpAssert.Close(expected, y.Data, 1e-4f);
    }

    [Fact]
    public void Conv2d_OnesKernel_SumsEachWindow()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], 1, 1, 3, 3);
        var w = Tensor.Ones(1, 1, 2, 2);
        var y = NasSharp.Tensors.Ops.Conv2d(x, w, Tensor.FromArray([0.5f], 1));
        Assert.Equal(new[] { 12.5f, 16.5f, 24.5f, 28.5f }, y.ToArray());
    }

    [Fact]
    public void Conv2d_WeightWithoutGrad_GivesOnlyInputGradient()
    {
        var x = OpAssert.RandomInputs(5, [1, 2, 4, 4])[0].WithGrad();
        var w = Tensor.Ones(3, 2, 3, 3);
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Conv2d(x, w, padding: 1)).Backward();
        Assert.Null(w.Grad);

        // Centre pixel: each of the 9 taps of each of the 3 output channels sees it once.
        Assert.Equal(27f, x.Grad!.Data[5]);
    }

    [Fact]
    public void Conv2d_InputWithoutGrad_GivesReferenceWeightAndBiasGradients()
    {
        var t = OpAssert.RandomInputs(6, [2, 4, 5, 7], [6, 2, 3, 3], [6], [2, 6, 3, 4]);
        var (x, w, b, seed) = (t[0], t[1].WithGrad(), t[2].WithGrad(), t[3]);
        NasSharp.Tensors.Ops.Conv2d(x, w, b, stride: 2, padding: 1, groups: 2).Backward(seed);

        var g = new Conv2dGeometry(2, 4, 5, 7, 6, 3, 3, 2, 1, 1, 2);
        var (dw, db) = (new float[g.WeightLength], new float[6]);
        ConvolutionReference.BackwardWeight(g, x.Data, seed.Data, dw, db);
        Assert.Null(x.Grad);
        OpAssert.Close(dw, w.Grad!.Data, 1e-4f);
        OpAssert.Close(db, b.Grad!.Data, 1e-4f);
    }

    [Fact]
    public void Conv2d_ChannelMismatch_ThrowsNamingOpAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Conv2d(Tensor.Zeros(2, 3, 8, 8), Tensor.Zeros(4, 5, 3, 3)));
        Assert.Contains("Conv2d", ex.Message);
        Assert.Contains("[2, 3, 8, 8]", ex.Message);
        Assert.Contains("[4, 5, 3, 3]", ex.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 8 }, new[] { 4, 3, 3, 3 }, 1, 0, 1, 1)]
    [InlineData(new[] { 2, 4, 8, 8 }, new[] { 6, 2, 3, 3 }, 1, 0, 1, 4)]
    [InlineData(new[] { 2, 3, 2, 8 }, new[] { 4, 3, 3, 3 }, 1, 0, 1, 1)]
    [InlineData(new[] { 2, 3, 8, 8 }, new[] { 4, 3, 3, 3 }, 0, 0, 1, 1)]
    [InlineData(new[] { 2, 3, 8, 8 }, new[] { 4, 3, 3, 3 }, 1, -1, 1, 1)]
    [InlineData(new[] { 2, 3, 8, 8 }, new[] { 4, 3, 3, 3 }, 1, 0, 0, 1)]
    public void Conv2d_BadGeometry_ThrowsNamingOpAndBothShapes(int[] input, int[] weight, int stride, int padding, int dilation, int groups)
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Conv2d(Tensor.Zeros(input), Tensor.Zeros(weight), null, stride, padding, dilation, groups));
        Assert.Contains("Conv2d", ex.Message);
        Assert.Contains(new TensorShape(input).ToString(), ex.Message);
        Assert.Contains(new TensorShape(weight).ToString(), ex.Message);
    }

    [Fact]
    public void Conv2d_BiasOfWrongLength_ThrowsNamingBias()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.Conv2d(Tensor.Zeros(1, 3, 5, 5), Tensor.Zeros(4, 3, 3, 3), Tensor.Zeros(3)));
        Assert.Contains("bias [3]", ex.Message);
        Assert.Contains("[4, 3, 3, 3]", ex.Message);
    }
}
