using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// A multi-layer GRU over a sequence [T, B, In] (PyTorch's nn.GRU, batch_first = false): layer k runs the
/// <see cref="GruCell"/> equations over the outputs of layer k - 1, with dropout on those outputs (training
/// mode only, not after the last layer). Parameters use PyTorch's names ("weight_ih_l0", ...).
/// </summary>
public sealed class Gru : StackedRecurrentLayer
{
    public Gru(int inputSize, int hiddenSize, Random random, int numLayers = 1, float dropout = 0f, bool bias = true, Random? dropoutRandom = null)
        : base(nameof(Gru), 3, inputSize, hiddenSize, random, numLayers, dropout, bias, dropoutRandom)
    {
    }

    /// <summary>The last layer's outputs [T, B, H] from zero initial states.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null).Output;

    /// <summary>Runs the sequence; <paramref name="hidden"/> is h0 [layers, B, H], or null for zeros.</summary>
    public GruResult Forward(Tensor input, Tensor? hidden)
    {
        ArgumentNullException.ThrowIfNull(input);
        Recurrent.CheckSequence("Gru", input, InputSize);
        var (steps, batch) = (input.Shape[0], input.Shape[1]);
        if (hidden != null)
        {
            Recurrent.CheckLayerState("Gru", hidden, NumLayers, batch, HiddenSize);
        }

        var x = input;
        var finalHidden = new List<Tensor>();
        for (var k = 0; k < NumLayers; k++)
        {
            x = LayerInput(k, x);
            var h = hidden == null ? Tensor.Zeros(batch, HiddenSize) : Recurrent.At(hidden, k);
            var projection = Layer(k).ProjectInput(x);
            var outputs = new List<Tensor>(steps);
            for (var t = 0; t < steps; t++)
            {
                h = GruCell.Step(Recurrent.At(projection, t), h, Layer(k));
                outputs.Add(h);
            }

            x = Recurrent.Stack(outputs);
            finalHidden.Add(h);
        }

        return new GruResult(x, Recurrent.Stack(finalHidden));
    }

}
