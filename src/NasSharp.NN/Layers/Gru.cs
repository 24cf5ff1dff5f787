using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// A multi-layer GRU over a sequence [T, B, In] (PyTorch's nn.GRU, batch_first = false): layer k runs the
/// <see cref="GruCell"/> equations over the outputs of layer k - 1, with dropout on those outputs (training
/// mode only, not after the last layer). Parameters use PyTorch's names ("weight_ih_l0", ...).
/// </summary>
public sealed class Gru : Module
{
    private readonly RecurrentWeights[] layers;
    private readonly Random dropoutRandom;

    public Gru(int inputSize, int hiddenSize, Random random, int numLayers = 1, float dropout = 0f, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || !(dropout >= 0f && dropout < 1f))
        {
            throw new ArgumentException($"Gru: need positive sizes and layers and dropout in [0, 1), got input {inputSize}, hidden {hiddenSize}, layers {numLayers}, dropout {dropout}.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Dropout = dropout;
        layers = new RecurrentWeights[numLayers];
        for (var k = 0; k < numLayers; k++)
        {
            var suffix = "_l" + k.ToString(CultureInfo.InvariantCulture);
            layers[k] = RecurrentWeights.Create(RegisterParameter, 3, k == 0 ? inputSize : hiddenSize, hiddenSize, bias, suffix, random);
        }

        dropoutRandom = new Random(random.Next());
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int NumLayers => layers.Length;

    public float Dropout { get; }

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
        for (var k = 0; k < layers.Length; k++)
        {
            if (k > 0)
            {
                x = Ops.Dropout(x, Dropout, dropoutRandom, IsTraining);
            }

            var h = hidden == null ? Tensor.Zeros(batch, HiddenSize) : Recurrent.At(hidden, k);
            var projection = layers[k].ProjectInput(x);
            var outputs = new List<Tensor>(steps);
            for (var t = 0; t < steps; t++)
            {
                h = GruCell.Step(Recurrent.At(projection, t), h, layers[k]);
                outputs.Add(h);
            }

            x = Recurrent.Stack(outputs);
            finalHidden.Add(h);
        }

        return new GruResult(x, Recurrent.Stack(finalHidden));
    }

    protected override string ExtraRepr() =>
        $"{InputSize}, {HiddenSize}, num_layers={NumLayers}{(Dropout > 0 ? ", dropout=" + Dropout.ToString(CultureInfo.InvariantCulture) : string.Empty)}";
}
