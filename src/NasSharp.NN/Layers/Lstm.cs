using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// A multi-layer LSTM over a sequence [T, B, In] (PyTorch's nn.LSTM, batch_first = false): layer k runs the
/// <see cref="LstmCell"/> equations over the outputs of layer k - 1, with dropout on those outputs (training
/// mode only, not after the last layer). Parameters use PyTorch's names, "weight_ih_l0", "weight_hh_l0",
/// "bias_ih_l0", "bias_hh_l0", ..., so state dicts load into torch.nn.LSTM. The input projection of a whole
/// sequence is one matrix product per layer; the recurrence is one fused op per layer (<see cref="Ops.LstmRecurrence"/>:
/// one small product and one elementwise pass per step, the weight gradient one product over the whole sequence).
/// </summary>
public sealed class Lstm : StackedRecurrentLayer
{
    public Lstm(int inputSize, int hiddenSize, Random random, int numLayers = 1, float dropout = 0f, bool bias = true, Random? dropoutRandom = null)
        : base(nameof(Lstm), 4, inputSize, hiddenSize, random, numLayers, dropout, bias, dropoutRandom)
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
        var finalHidden = new List<Tensor>(NumLayers);
        var finalCell = new List<Tensor>(NumLayers);
        for (var k = 0; k < NumLayers; k++)
        {
            x = LayerInput(k, x);
            var (h0, c0) = state == null
                ? (Tensor.Zeros(batch, HiddenSize), Tensor.Zeros(batch, HiddenSize))
                : (Recurrent.At(state.Hidden, k), Recurrent.At(state.Cell, k));
            var weights = Layer(k);

            // [2 T, B, H]: h_1..h_T, then c_1..c_T (one fused op for the whole recurrence).
            var states = Ops.Reshape(Ops.LstmRecurrence(weights.ProjectInput(x), weights.HiddenWeight, weights.HiddenBias, h0, c0), 2 * steps, batch, HiddenSize);
            x = Ops.Slice(states, 0, 0, steps);
            finalHidden.Add(Recurrent.At(states, steps - 1));
            finalCell.Add(Recurrent.At(states, (2 * steps) - 1));
        }

        return new LstmResult(x, new LstmState(Recurrent.Stack(finalHidden), Recurrent.Stack(finalCell)));
    }

}
