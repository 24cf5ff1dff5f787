using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Operations;

public class FactorizedReduceTests
{
    [Fact]
    public void Forward_EvenSize_EqualsDartsConcatOfConvOnInputAndOnInputWithoutFirstRowAndColumn()
    {
        var op = new FactorizedReduce(3, 4, new Random(1), BatchNormOptions.BatchStatistics);
        var x = Tensor.RandomUniform(new Random(2), -1f, 1f, 2, 3, 6, 6);
        var children = op.NamedChildren().ToDictionary(c => c.Name, c => c.Module);
        var relu = Ops.Relu(x);
        var cropped = Ops.Slice(Ops.Slice(relu, 2, 1, 5), 3, 1, 5);
        var expected = children["bn"].Forward(Ops.Concat([children["conv_1"].Forward(relu), children["conv_2"].Forward(cropped)], 1));
        TestTensors.Close(expected.ToArray(), op.Forward(x).Data);
    }

    [Fact]
    public void Forward_OddSize_StillHalvesRoundingUp() =>
        Assert.Equal([1, 4, 4, 4], new FactorizedReduce(3, 4, new Random(1)).Forward(Tensor.Ones(1, 3, 7, 7)).Shape.ToArray());

    [Fact]
    public void StateDict_UsesDartsNames() =>
        Assert.Equal(["conv_1.weight", "conv_2.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"], new FactorizedReduce(3, 4, new Random(1)).StateDict().Keys);

    [Fact]
    public void Constructor_OddOutputChannels_Throws() =>
        Assert.Throws<ArgumentException>(() => new FactorizedReduce(3, 5, new Random(1)));
}
