using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class LstmTests
{
    private static Tensor Sequence(int steps, int batch, int width, int seed = 3) =>
        Tensor.RandomUniform(new Random(seed), -1f, 1f, steps, batch, width);

    [Fact]
    public void Forward_TwoLayers_ReturnsSequenceAndPerLayerStates()
    {
        var lstm = new Lstm(3, 4, new Random(1), numLayers: 2);
        var result = lstm.Forward(Sequence(5, 2, 3), null);
        Assert.Equal([5, 2, 4], result.Output.Shape.ToArray());
        Assert.Equal([2, 2, 4], result.State.Hidden.Shape.ToArray());
        Assert.Equal([2, 2, 4], result.State.Cell.Shape.ToArray());

        // The last output step is the last layer's final hidden state.
        Assert.Equal(result.Output.Data.Slice(4 * 8, 8).ToArray(), result.State.Hidden.Data.Slice(8, 8).ToArray());
    }

    [Fact]
    public void Parameters_UsePyTorchLayerNames()
    {
        var names = new Lstm(3, 4, new Random(1), numLayers: 2).NamedParameters().Select(p => p.Name);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"], names);
    }

    [Fact]
    public void Forward_OneLayer_EqualsCellSteppedByHand()
    {
        var lstm = new Lstm(3, 4, new Random(1));
        var cell = new LstmCell(3, 4, new Random(2));
        var layerState = lstm.StateDict();
        cell.LoadStateDict(cell.StateDict().Keys.ToDictionary(k => k, k => layerState[k + "_l0"]));
        var x = Sequence(3, 2, 3);
        var state = new LstmState(Tensor.RandomUniform(new Random(4), -1f, 1f, 2, 4), Tensor.RandomUniform(new Random(5), -1f, 1f, 2, 4));
        var result = lstm.Forward(x, new LstmState(Ops.Reshape(state.Hidden, 1, 2, 4), Ops.Reshape(state.Cell, 1, 2, 4)));
        for (var t = 0; t < 3; t++)
        {
            state = cell.Forward(Ops.Reshape(Ops.Slice(x, 0, t, 1), 2, 3), state);
            TestTensors.Close(state.Hidden.ToArray(), result.Output.Data.Slice(t * 8, 8));
        }

        TestTensors.Close(state.Cell.ToArray(), result.State.Cell.Data);
    }

    [Fact]
    public void Backward_OneLayer_GradientsEqualCellSteppedByHand()
    {
        // The layer's fused recurrence (Ops.LstmRecurrence) against LstmCell's composition of primitives.
        var lstm = new Lstm(3, 4, new Random(1));
        var cell = new LstmCell(3, 4, new Random(2));
        var layerState = lstm.StateDict();
        cell.LoadStateDict(cell.StateDict().Keys.ToDictionary(k => k, k => layerState[k + "_l0"]));
        var x = Sequence(5, 2, 3);
        var weights = Tensor.RandomUniform(new Random(6), -1f, 1f, 5, 2, 4);
        Ops.Sum(Ops.Multiply(lstm.Forward(x), weights)).Backward();
        LstmState? state = null;
        var loss = Tensor.Zeros();
        for (var t = 0; t < 5; t++)
        {
            state = cell.Forward(Ops.Reshape(Ops.Slice(x, 0, t, 1), 2, 3), state);
            loss = Ops.Add(loss, Ops.Sum(Ops.Multiply(state.Hidden, Ops.Reshape(Ops.Slice(weights, 0, t, 1), 2, 4))));
        }

        loss.Backward();
        foreach (var (name, p) in cell.NamedParameters())
        {
            TestTensors.Close(p.Grad!.ToArray(), lstm.NamedParameters().Single(q => q.Name == name + "_l0").Tensor.Grad!.Data);
        }
    }

    [Fact]
    public void Forward_DropoutBetweenLayers_ActsOnlyInTraining()
    {
        var lstm = new Lstm(3, 8, new Random(1), numLayers: 2, dropout: 0.5f);
        var x = Sequence(4, 2, 3);
        Assert.NotEqual(lstm.Forward(x).ToArray(), lstm.Forward(x).ToArray());
        lstm.Eval();
        Assert.Equal(lstm.Forward(x).ToArray(), lstm.Forward(x).ToArray());
    }

    [Fact]
    public void Forward_Gradient_ReachesEveryLayer()
    {
        var lstm = new Lstm(3, 4, new Random(1), numLayers: 2);
        Ops.Sum(lstm.Forward(Sequence(3, 2, 3))).Backward();
        Assert.All(lstm.Parameters(), p => Assert.Contains(p.Grad!.ToArray(), g => g != 0f));
    }

    [Fact]
    public void Forward_WrongStateShape_Throws()
    {
        var lstm = new Lstm(3, 4, new Random(1), numLayers: 2);
        var bad = new LstmState(Tensor.Zeros(1, 2, 4), Tensor.Zeros(1, 2, 4));
        var ex = Assert.Throws<ArgumentException>(() => lstm.Forward(Sequence(3, 2, 3), bad));
        Assert.Contains("[2, 2, 4]", ex.Message);
    }
}
