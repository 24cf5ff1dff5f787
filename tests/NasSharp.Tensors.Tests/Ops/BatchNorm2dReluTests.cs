using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class BatchNorm2dReluTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Fused_IsBitwiseBatchNormThenRelu_ForwardAndBackward(bool training, bool inputReadTwice)
    {
        // 16 x 16 planes run the vector loops, 5 x 3 their scalar tails; the shift puts about half the outputs below 0.
        foreach (var shape in new[] { new[] { 3, 4, 16, 16 }, new[] { 2, 3, 5, 3 }, new[] { 9, 3, 4, 4 }, new[] { 3, 2, 8, 8 } })
        {
            var (fusedY, fusedGrads) = Run(shape, training, inputReadTwice, fused: true);
            var (plainY, plainGrads) = Run(shape, training, inputReadTwice, fused: false);
            Assert.Contains(0f, plainY);
            Assert.Contains(plainY, v => v > 0f);
            Assert.Equal(plainY, fusedY);
            for (var i = 0; i < plainGrads.Length; i++)
            {
                Assert.Equal(plainGrads[i], fusedGrads[i]);
            }
        }
    }

    [Fact]
    public void Fused_RecordsOneNodeThatReadsItsOutput()
    {
        var x = OpAssert.RandomInputs(3, [2, 3, 4, 4], [3], [3]).Select(t => t.WithGrad()).ToArray();
        var y = NasSharp.Tensors.Ops.BatchNorm2dRelu(x[0], x[1], x[2], null, null, training: true);
        Assert.Equal("BatchNorm2dRelu", y.Creator!.OpName);
        Assert.Same(x[0], y.Creator.Inputs[0]);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 5, 7 })]
    [InlineData(new[] { 3, 2, 2, 3 })]
    public void Fused_Training_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(
            x => NasSharp.Tensors.Ops.BatchNorm2dRelu(x[0], x[1], x[2], null, null, training: true),
            1e-3,
            OpAssert.RandomInputs(21, shape, [shape[1]], [shape[1]]));

    private static (float[] Y, float[][] Grads) Run(int[] shape, bool training, bool inputReadTwice, bool fused)
    {
        var c = shape[1];
        var inputs = OpAssert.RandomInputs(7, shape, [c], [c]);
        var x = inputs[0].WithGrad();
        var (weight, bias) = (inputs[1].WithGrad(), inputs[2].WithGrad());
        var runningMean = Tensor.RandomUniform(new Random(8), -0.3f, 0.3f, c);
        var runningVar = Tensor.RandomUniform(new Random(9), 0.5f, 2f, c);
        var y = fused
            ? NasSharp.Tensors.Ops.BatchNorm2dRelu(x, weight, bias, runningMean, runningVar, training)
            : NasSharp.Tensors.Ops.Relu(NasSharp.Tensors.Ops.BatchNorm2d(x, weight, bias, runningMean, runningVar, training));
        var weights = Tensor.RandomUniform(new Random(10), -1f, 1f, shape);
        var loss = NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(y, weights));
        if (inputReadTwice)
        {
            // x's gradient then already holds a contribution when the batch norm's arrives: the accumulating path.
            loss = NasSharp.Tensors.Ops.Add(NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(x, weights)), loss);
        }

        var output = y.ToArray();
        loss.Backward();
        return (output, [x.Grad!.ToArray(), weight.Grad!.ToArray(), bias.Grad!.ToArray(), runningMean.ToArray(), runningVar.ToArray()]);
    }
}
