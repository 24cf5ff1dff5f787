using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class GruTests
{
    [Fact]
    public void Forward_ThreeLayers_ReturnsSequenceAndFinalHiddenPerLayer()
    {
        var gru = new Gru(3, 4, new Random(1), numLayers: 3);
        var result = gru.Forward(Tensor.RandomUniform(new Random(2), -1f, 1f, 6, 2, 3), null);
        Assert.Equal([6, 2, 4], result.Output.Shape.ToArray());
        Assert.Equal([3, 2, 4], result.Hidden.Shape.ToArray());
        Assert.Equal(result.Output.Data.Slice(5 * 8, 8).ToArray(), result.Hidden.Data.Slice(16, 8).ToArray());
    }

    [Fact]
    public void Forward_OneLayer_EqualsCellSteppedByHand()
    {
        var gru = new Gru(3, 4, new Random(1));
        var cell = new GruCell(3, 4, new Random(2));
        var layerState = gru.StateDict();
        cell.LoadStateDict(cell.StateDict().Keys.ToDictionary(k => k, k => layerState[k + "_l0"]));
        var x = Tensor.RandomUniform(new Random(3), -1f, 1f, 3, 2, 3);
        var result = gru.Forward(x);
        Tensor? h = null;
        for (var t = 0; t < 3; t++)
        {
            h = cell.Forward(Ops.Reshape(Ops.Slice(x, 0, t, 1), 2, 3), h);
            TestTensors.Close(h.ToArray(), result.Data.Slice(t * 8, 8));
        }
    }

    [Fact]
    public void Parameters_UsePyTorchLayerNames() =>
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "weight_ih_l1", "weight_hh_l1"], new Gru(3, 4, new Random(1), numLayers: 2, bias: false).NamedParameters().Select(p => p.Name));
}
