using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// What <see cref="Lstm"/> and <see cref="Gru"/> share: validated sizes, one weight set per layer with
/// PyTorch's names ("weight_ih_l0", ...), and dropout on the outputs of every layer but the last
/// (training mode only), as torch.nn.LSTM / GRU do. The masks come from a given stream (a model that rekeys its draws
/// every epoch shares its own) or, without one, from a stream of the layer's own seeded from the initialisation's.
/// </summary>
public abstract class StackedRecurrentLayer : Module
{
    private readonly RecurrentWeights[] layers;
    private readonly Random dropoutRandom;

    private protected StackedRecurrentLayer(string name, int gates, int inputSize, int hiddenSize, Random random, int numLayers, float dropout, bool bias, Random? dropoutRandom)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || !(dropout >= 0f && dropout < 1f))
        {
            throw new ArgumentException($"{name}: need positive sizes and layers and dropout in [0, 1), got input {inputSize}, hidden {hiddenSize}, layers {numLayers}, dropout {dropout}.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Dropout = dropout;
        layers = new RecurrentWeights[numLayers];
        for (var k = 0; k < numLayers; k++)
        {
            var suffix = "_l" + k.ToString(CultureInfo.InvariantCulture);
            layers[k] = RecurrentWeights.Create(RegisterParameter, gates, k == 0 ? inputSize : hiddenSize, hiddenSize, bias, suffix, random);
        }

        // Drawn even when a stream is given, so the initialisation of whatever is built after the layer does not depend on it.
        var ownSeed = random.Next();
        this.dropoutRandom = dropoutRandom ?? new Random(ownSeed);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int NumLayers => layers.Length;

    public float Dropout { get; }

    private protected RecurrentWeights Layer(int k) => layers[k];

    /// <summary>The input of layer <paramref name="k"/>: the sequence itself, or the previous layer's outputs after dropout.</summary>
    private protected Tensor LayerInput(int k, Tensor x) => k == 0 ? x : Ops.Dropout(x, Dropout, dropoutRandom, IsTraining);

    protected override string ExtraRepr() =>
        $"{InputSize}, {HiddenSize}, num_layers={NumLayers}{(Dropout > 0 ? ", dropout=" + Dropout.ToString(CultureInfo.InvariantCulture) : string.Empty)}";
}
