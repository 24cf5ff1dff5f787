using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// A multi-layer LSTM over a sequence [T, B, In] (PyTorch's nn.LSTM, batch_first = false): layer k runs the
/// <see cref="LstmCell"/> equations over the outputs of layer k - 1, with dropout on those outputs (training
/// mode only, not after the last layer). Parameters use PyTorch's names, "weight_ih_l0", "weight_hh_l0",
/// "bias_ih_l0", "bias_hh_l0", ..., so state dicts load into torch.nn.LSTM. The input projection of a whole
/// sequence is one matrix product per layer; the recurrence is one small product per step.
/// </summary>
public sealed class Lstm : StackedRecurrentLayer
{
    public Lstm(int inputSize, int hiddenSize, Random random, int numLayers = 1, float dropout = 0f, bool bias = true)
        : base(nameof(Lstm), 4, inputSize, hiddenSize, random, numLayers, dropout, bias)
    {
    }

    /// <summary>The last layer's outputs [T, B, H] from zero initial states.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null).Output;

    /// <summary>Runs the sequence; <paramref name="state"/> holds (h0, c0) each [layers, B, H], or null for zeros.</summary>
    public LstmResult Forward(Tensor input, LstmState? state)
    {
        ArgumentNullException.ThrowIfNull(input);
        Recurrent.CheckSequence("Lstm", input, InputSize);
        var (steps, batch) = (input.Shape[0], input.Shape[1]);
        if (state != null)
        {
            Recurrent.CheckLayerState("Lstm", state.Hidden, NumLayers, batch, HiddenSize);
            Recurrent.CheckLayerState("Lstm", state.Cell, NumLayers, batch, HiddenSize);
        }

        var x = input;
        var finalHidden = new List<Tensor>();
        var finalCell = new List<Tensor>();
        for (var k = 0; k < NumLayers; k++)
        {
            x = LayerInput(k, x);
            var current = state == null
                ? new LstmState(Tensor.Zeros(batch, HiddenSize), Tensor.Zeros(batch, HiddenSize))
                : new LstmState(Recurrent.At(state.Hidden, k), Recurrent.At(state.Cell, k));
            var projection = Layer(k).ProjectInput(x);
            var outputs = new List<Tensor>(steps);
            for (var t = 0; t < steps; t++)
            {
                current = LstmCell.Step(Recurrent.At(projection, t), current, Layer(k));
                outputs.Add(current.Hidden);
            }

            x = Recurrent.Stack(outputs);
            finalHidden.Add(current.Hidden);
            finalCell.Add(current.Cell);
        }

        return new LstmResult(x, new LstmState(Recurrent.Stack(finalHidden), Recurrent.Stack(finalCell)));
    }

}
