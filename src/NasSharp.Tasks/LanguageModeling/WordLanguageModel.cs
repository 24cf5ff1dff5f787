using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Training;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// A word-level language model as PyTorch's word_language_model example (RNNModel, after Zaremba et al. 2014):
/// "encoder" embedding, dropout, a multi-layer LSTM or GRU "rnn", dropout, and a linear "decoder" to the
/// vocabulary, optionally tied to the embedding (Press &amp; Wolf 2017; then the embedding size is the hidden
/// size). Initialisation as the example: embedding and decoder weights uniform in [-0.1, 0.1], decoder bias 0,
/// recurrent weights PyTorch's default. Parameter names match the example's state dict. Every dropout mask (on the
/// embedding, between the recurrent layers, on the output) comes from one stream, <see cref="Draws"/>, which the
/// training rekeys at every epoch so that a resumed run draws what an uninterrupted one drew.
/// </summary>
public sealed class WordLanguageModel : Module
{
    private readonly Embedding encoder;
    private readonly Module rnn;
    private readonly Module decoder;
    private readonly Dropout dropout;

    public WordLanguageModel(int vocabularySize, RecurrentKind kind, Random random, int hiddenSize = 200, int layers = 2, float dropout = 0.2f, bool tied = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (vocabularySize <= 1 || hiddenSize <= 0 || layers <= 0)
        {
            throw new ArgumentException($"WordLanguageModel: vocabulary {vocabularySize} must exceed 1, hidden size {hiddenSize} and layers {layers} must be positive.");
        }

        Kind = kind;
        VocabularySize = vocabularySize;
        HiddenSize = hiddenSize;
        Layers = layers;
        // Keyed after the initialisation, from the stream position the example's model would seed its dropout from.
        Draws = new KeyedRandom(0);
        encoder = RegisterModule("encoder", new Embedding(vocabularySize, hiddenSize, random));
        Initialization.Uniform(encoder.Weight.Data, -0.1f, 0.1f, random);
        rnn = RegisterModule("rnn", RecurrentLayers.Create(kind, hiddenSize, hiddenSize, layers, dropout, random, Draws));
        if (tied)
        {
            decoder = RegisterModule("decoder", new TiedDecoder(encoder.Weight));
        }
        else
        {
            var linear = RegisterModule("decoder", new Linear(hiddenSize, vocabularySize, random));
            Initialization.Uniform(linear.Weight.Data, -0.1f, 0.1f, random);
            linear.Bias!.Data.Clear();
            decoder = linear;
        }

        Draws.Rekey(random.Next());
        this.dropout = RegisterModule("drop", new Dropout(dropout, Draws));
    }

    /// <summary>The stream of every training-mode dropout mask of the model.</summary>
    public KeyedRandom Draws { get; }

    public RecurrentKind Kind { get; }

    public int VocabularySize { get; }

    public int HiddenSize { get; }

    public int Layers { get; }

    /// <summary>
    /// Runs a window of token ids laid out [steps, batch] (row-major, as <c>BpttWindow.Inputs</c>) from
    /// <paramref name="state"/> (null: zeros); returns next-token logits [steps x batch, vocabulary] in the same
    /// order and the final state.
    /// </summary>
    public (Tensor Logits, RecurrentState State) Forward(int[] tokens, int steps, int batch, RecurrentState? state)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (steps <= 0 || batch <= 0 || tokens.Length != steps * batch)
        {
            throw new ArgumentException($"WordLanguageModel: {tokens.Length} tokens do not form a window of [{steps}, {batch}].", nameof(tokens));
        }

        var embedded = dropout.Forward(encoder.Forward(tokens, steps, batch));
        var (output, next) = RecurrentLayers.Run(rnn, embedded, state);
        // Rows flattened before the decoder, not after: the [T B, vocabulary] logits are the step's largest tensor, and
        // reshaping them would cost a zeroed gradient of that size and a pass over it in the backward.
        var logits = decoder.Forward(Ops.Reshape(dropout.Forward(output), steps * batch, HiddenSize));
        return (logits, next);
    }

    /// <summary>Token ids (as floats, [steps, batch]) to logits [steps x batch, vocabulary] from a zero state.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2)
        {
            throw new ArgumentException($"WordLanguageModel: input {input.Shape} should be token ids [steps, batch].", nameof(input));
        }

        var tokens = input.ToArray().Select(v => (int)v).ToArray();
        return Forward(tokens, input.Shape[0], input.Shape[1], null).Logits;
    }

    protected override string ExtraRepr() => $"{Kind}, vocabulary={VocabularySize}, hidden={HiddenSize}, layers={Layers}";
}
