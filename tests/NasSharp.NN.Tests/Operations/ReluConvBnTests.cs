using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Operations;

public class ReluConvBnTests
{
    [Fact]
    public void StateDict_MatchesPaperCodeNames()
    {
        var op = new ReluConvBn(4, 4, 3, new Random(1));
        Assert.Equal(["op.1.weight", "op.2.weight", "op.2.bias", "op.2.running_mean", "op.2.running_var"], op.StateDict().Keys);
        Assert.Null(op.Conv.Bias);
    }

    [Fact]
    public void Forward_EqualsReluThenConvThenBatchNorm()
    {
        var op = new ReluConvBn(3, 4, 3, new Random(1), batchNorm: BatchNormOptions.BatchStatistics);
        var x = Tensor.RandomUniform(new Random(2), -1f, 1f, 2, 3, 5, 5);
        var expected = op.BatchNorm.Forward(op.Conv.Forward(Ops.Relu(x)));
        Assert.Equal(expected.ToArray(), op.Forward(x).ToArray());
        Assert.Equal(1, op.Conv.Padding);
    }
}
