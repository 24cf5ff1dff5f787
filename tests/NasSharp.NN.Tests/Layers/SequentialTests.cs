using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class SequentialTests
{
    [Fact]
    public void Forward_AppliesModulesInOrder()
    {
        var random = new Random(1);
        var embed = new Embedding(4, 2, random);
        var sequential = new Sequential(embed, new Identity(), new Dropout(0.5f, random));
        sequential.Eval();
        var y = sequential.Forward(Tensor.FromArray([3f], 1));
        Assert.Equal(embed.Weight.Data.Slice(6, 2).ToArray(), y.ToArray());
    }

    [Fact]
    public void Add_NamesChildrenByPosition()
    {
        var sequential = new Sequential(new Identity()).Add(new Embedding(2, 2, new Random(1)));
        Assert.Equal(2, sequential.Count);
        Assert.Equal(["0", "1"], sequential.NamedChildren().Select(c => c.Name));
        Assert.Equal(["1.weight"], sequential.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Add_InheritsContainerMode()
    {
        var sequential = new Sequential();
        sequential.Eval();
        var child = new Identity();
        sequential.Add(child);
        Assert.False(child.IsTraining);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Forward_BatchNormThenRelu_RunsAsOneOpWithTheSameResults(bool training)
    {
        // conv -> bn -> relu (a ShuffleNetV2 branch's first half): fused by the container, layer by layer by hand.
        var (fused, input) = Network(training);
        var (plain, _) = Network(training);
        var y = fused.Forward(input);
        Assert.Equal("BatchNorm2dRelu", y.Creator!.OpName);
        var expected = plain[2].Forward(plain[1].Forward(plain[0].Forward(input)));
        Assert.Equal("Relu", expected.Creator!.OpName);
        Assert.Equal(expected.ToArray(), y.ToArray());

        // Weights of both signs: the gradient reaching a zeroed output is not 0, so the ReLU's mask matters.
        var weights = Tensor.RandomUniform(new Random(8), -1f, 1f, y.Shape.ToArray());
        Tensors.Ops.Sum(Tensors.Ops.Multiply(y, weights)).Backward();
        Tensors.Ops.Sum(Tensors.Ops.Multiply(expected, weights)).Backward();
        var (a, b) = (fused.Parameters().ToArray(), plain.Parameters().ToArray());
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(b[i].Grad!.ToArray(), a[i].Grad!.ToArray());
        }

        Assert.Equal(((BatchNorm2d)plain[1]).RunningMean!.ToArray(), ((BatchNorm2d)fused[1]).RunningMean!.ToArray());
    }

    private static (Sequential Network, Tensor Input) Network(bool training)
    {
        var random = new Random(5);
        var network = new Sequential(new Conv2d(3, 4, 3, random, padding: 1, bias: false), new BatchNorm2d(4), new Relu());
        if (!training)
        {
            // Running statistics of one training batch, so evaluation normalises with something other than 0 / 1.
            network.Forward(Tensor.RandomUniform(new Random(6), -1f, 1f, 2, 3, 6, 6));
            network.Eval();
        }

        return (network, Tensor.RandomUniform(new Random(7), -1f, 1f, 2, 3, 6, 6));
    }
}
