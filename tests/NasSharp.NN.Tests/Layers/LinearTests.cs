using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class LinearTests
{
    [Fact]
    public void Parameters_HavePyTorchNamesShapesAndDefaultBounds()
    {
        var linear = new Linear(16, 4, new Random(1));
        Assert.Equal(["weight", "bias"], linear.NamedParameters().Select(p => p.Name));
        Assert.Equal([4, 16], linear.Weight.Shape.ToArray());
        Assert.Equal(16 * 4 + 4, linear.ParameterCount());
        Assert.All(linear.Weight.ToArray(), w => Assert.InRange(w, -0.25f, 0.25f));
        Assert.Contains(linear.Weight.ToArray(), w => Math.Abs(w) > 0.2f);
    }

    [Fact]
    public void Forward_KnownWeights_ComputesXWTransposePlusBias()
    {
        var linear = new Linear(2, 2, new Random(1));
        Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2).Data.CopyTo(linear.Weight.Data);
        linear.Bias!.Data.Fill(0.5f);
        var y = linear.Forward(Tensor.FromArray([1f, 1f, 2f, 0f], 2, 2));
        Assert.Equal([3.5f, 7.5f, 2.5f, 6.5f], y.ToArray());
    }

    [Fact]
    public void Constructor_NoBias_RegistersWeightOnly()
    {
        var linear = new Linear(3, 2, new Random(1), bias: false);
        Assert.Null(linear.Bias);
        Assert.Equal("Linear(in_features=3, out_features=2, bias=False)", linear.ToString());
    }

    [Fact]
    public void Constructor_SameSeed_SameWeights() =>
        Assert.Equal(new Linear(5, 3, new Random(7)).Weight.ToArray(), new Linear(5, 3, new Random(7)).Weight.ToArray());
}
