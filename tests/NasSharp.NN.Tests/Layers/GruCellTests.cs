using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class GruCellTests
{
    private static Tensor Named(Module module, string name) => module.StateDict()[name];

    [Fact]
    public void Forward_BiasOnlyGates_FollowOrderRZNWithResetInsideCandidate()
    {
        // Zero weights; r = 0.5, z = 0.75, n = tanh(0.2 + r * 0.6) = tanh(0.5); h' = (1 - z) n + z h with h = 1.
        var cell = new GruCell(2, 1, new Random(1));
        foreach (var p in cell.Parameters())
        {
            p.Data.Clear();
        }

        float[] inputBias = [0f, MathF.Log(3f), 0.2f];
        float[] hiddenBias = [0f, 0f, 0.6f];
        inputBias.CopyTo(Named(cell, "bias_ih").Data);
        hiddenBias.CopyTo(Named(cell, "bias_hh").Data);
        var h = cell.Forward(Tensor.Ones(1, 2), Tensor.Ones(1, 1));
        Assert.Equal((0.25f * MathF.Tanh(0.5f)) + 0.75f, h.Item(), 5);
    }

    [Fact]
    public void Parameters_StackThreeGates()
    {
        var cell = new GruCell(3, 5, new Random(1));
        Assert.Equal([15, 3], Named(cell, "weight_ih").Shape.ToArray());
        Assert.Equal((15 * 3) + (15 * 5) + 30, cell.ParameterCount());
    }

    [Fact]
    public void Forward_GradientsOfInputStateAndWeights_MatchFiniteDifferences()
    {
        var cell = new GruCell(3, 4, new Random(5));
        var random = new Random(6);
        Tensor[] inputs = [Tensor.RandomUniform(random, -1f, 1f, 2, 3), Tensor.RandomUniform(random, -1f, 1f, 2, 4), .. cell.Parameters()];
        var result = GradCheck.Run(x => cell.Forward(x[0], x[1]), inputs, epsilon: 1e-2);
        Assert.True(result.Passed, result.ToString());
    }
}
