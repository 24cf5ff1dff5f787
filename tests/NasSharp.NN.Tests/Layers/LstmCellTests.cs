using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class LstmCellTests
{
    private static Tensor Named(Module module, string name) => module.StateDict()[name];

    [Fact]
    public void Parameters_StackFourGatesWithPyTorchNames()
    {
        var cell = new LstmCell(3, 5, new Random(1));
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], cell.NamedParameters().Select(p => p.Name));
        Assert.Equal([20, 3], Named(cell, "weight_ih").Shape.ToArray());
        Assert.Equal([20, 5], Named(cell, "weight_hh").Shape.ToArray());
    }

    [Fact]
    public void Forward_BiasOnlyGates_FollowOrderIFGO()
    {
        // Zero weights; biases pick i = 0.5, f = 0.75, g = 0.5, o = 0.25. With c = 2: c' = 0.75 * 2 + 0.5 * 0.5.
        var cell = new LstmCell(2, 1, new Random(1));
        foreach (var p in cell.Parameters())
        {
            p.Data.Clear();
        }

        float[] biases = [0f, MathF.Log(3f), MathF.Atanh(0.5f), -MathF.Log(3f)];
        biases.CopyTo(Named(cell, "bias_ih").Data);
        var state = cell.Forward(Tensor.Ones(1, 2), new LstmState(Tensor.Full(-7f, 1, 1), Tensor.Full(2f, 1, 1)));
        Assert.Equal(1.75f, state.Cell.Item(), 5);
        Assert.Equal(0.25f * MathF.Tanh(1.75f), state.Hidden.Item(), 5);
    }

    [Fact]
    public void Forward_NoState_StartsFromZeros()
    {
        var cell = new LstmCell(3, 4, new Random(2));
        var x = Tensor.RandomUniform(new Random(3), -1f, 1f, 2, 3);
        var zeros = new LstmState(Tensor.Zeros(2, 4), Tensor.Zeros(2, 4));
        Assert.Equal(cell.Forward(x, zeros).Hidden.ToArray(), cell.Forward(x).ToArray());
        Assert.Equal([2, 4], cell.Forward(x).Shape.ToArray());
    }

    [Fact]
    public void Forward_GradientsOfInputsStateAndWeights_MatchFiniteDifferences()
    {
        var cell = new LstmCell(3, 4, new Random(5));
        var random = new Random(6);
        Tensor[] inputs =
        [
            Tensor.RandomUniform(random, -1f, 1f, 2, 3),
            Tensor.RandomUniform(random, -1f, 1f, 2, 4),
            Tensor.RandomUniform(random, -1f, 1f, 2, 4),
            .. cell.Parameters(),
        ];

        // The cell's parameters are passed as inputs too, so the check perturbs and differentiates them.
        Tensor Run(Tensor[] x)
        {
            var s = cell.Forward(x[0], new LstmState(x[1], x[2]));
            return Ops.Concat([s.Hidden, s.Cell], 1);
        }

        var result = GradCheck.Run(Run, inputs, epsilon: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Forward_WrongInputWidth_ThrowsNamingShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LstmCell(3, 4, new Random(1)).Forward(Tensor.Zeros(2, 5)));
        Assert.Contains("[2, 5]", ex.Message);
    }
}
