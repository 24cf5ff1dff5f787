using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void Forward_Training_ZeroesSomeAndScalesKeptByInverseKeepRate()
    {
        var dropout = new Dropout(0.5f, new Random(1));
        var y = dropout.Forward(Tensor.Ones(1000)).ToArray();
        Assert.All(y, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(y.Count(v => v == 0f), 400, 600);
    }

    [Fact]
    public void Forward_Eval_IsIdentity()
    {
        var dropout = new Dropout(0.5f, new Random(1));
        dropout.Eval();
        var x = Tensor.Ones(10);
        Assert.Same(x, dropout.Forward(x));
    }

    [Fact]
    public void Constructor_ProbabilityOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f, new Random(1)));
}
