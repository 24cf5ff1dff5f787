using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

/// <summary>The parameter-free elementwise layers: Relu, LeakyRelu, Sigmoid, Tanh, Flatten.</summary>
public class ActivationTests
{
    private static readonly float[] Values = [-2f, 0f, 3f];

    [Fact]
    public void Relu_ClampsNegatives() => Assert.Equal([0f, 0f, 3f], new Relu().Forward(Tensor.FromArray(Values, 3)).ToArray());

    [Fact]
    public void LeakyRelu_ScalesNegatives() => Assert.Equal([-0.2f, 0f, 3f], new LeakyRelu(0.1f).Forward(Tensor.FromArray(Values, 3)).ToArray());

    [Fact]
    public void Sigmoid_MatchesFormula() =>
        TestTensors.Close(Values.Select(v => 1f / (1f + MathF.Exp(-v))).ToArray(), new Sigmoid().Forward(Tensor.FromArray(Values, 3)).Data);

    [Fact]
    public void Tanh_MatchesFormula() =>
        TestTensors.Close(Values.Select(MathF.Tanh).ToArray(), new Tanh().Forward(Tensor.FromArray(Values, 3)).Data);

    [Fact]
    public void Flatten_KeepsBatchAxis() => Assert.Equal([2, 48], new Flatten().Forward(Tensor.Zeros(2, 3, 4, 4)).Shape.ToArray());

    [Fact]
    public void ToString_ParameterFreeLayers_PrintEmptyParentheses()
    {
        Assert.Equal("Relu()", new Relu().ToString());
        Assert.Equal("LeakyRelu(negative_slope=0.1)", new LeakyRelu(0.1f).ToString());
    }
}
