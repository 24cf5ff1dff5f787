using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Training;
using NasSharp.Tasks.LanguageModeling;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// The language model of the DARTS recurrent search (RNNModel of quark0/darts rnn/model.py, one cell layer): an
/// "encoder" embedding (uniform in [-0.04, 0.04]) with embedding-row dropout (dropoute), locked dropout on the
/// embedded inputs (dropouti), any <see cref="RecurrentCell"/> "rnn", locked dropout on its outputs (dropout), and a
/// "decoder" tied to the embedding (Press &amp; Wolf 2017) with bias 0. Tying needs the cell's input size to equal its
/// hidden size. Training mode only for every dropout. Its masks come from <see cref="Draws"/>, the stream it was built
/// with; build the cell with the same stream, so that rekeying it (as the training does every epoch, and the search
/// too) covers the cell's variational masks as well.
/// </summary>
public sealed class CellLanguageModel : Module
{
    private readonly Embedding encoder;
    private readonly RecurrentCell rnn;
    private readonly Module decoder;
    private readonly KeyedRandom random;

    public CellLanguageModel(int vocabularySize, RecurrentCell cell, KeyedRandom random, float embeddingDropout = 0f, float inputDropout = 0f, float outputDropout = 0f)
    {
        ArgumentNullException.ThrowIfNull(cell);
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        if (vocabularySize <= 1 || cell.InputSize != cell.HiddenSize)
        {
            throw new ArgumentException($"CellLanguageModel: vocabulary {vocabularySize} must exceed 1 and the cell's input size {cell.InputSize} must equal its hidden size {cell.HiddenSize} (tied weights).");
        }

        VocabularySize = vocabularySize;
        EmbeddingDropout = VariationalMask.Check(nameof(CellLanguageModel), nameof(embeddingDropout), embeddingDropout);
        InputDropout = VariationalMask.Check(nameof(CellLanguageModel), nameof(inputDropout), inputDropout);
        OutputDropout = VariationalMask.Check(nameof(CellLanguageModel), nameof(outputDropout), outputDropout);
        encoder = RegisterModule("encoder", new Embedding(vocabularySize, cell.InputSize, random));
        Initialization.Uniform(encoder.Weight.Data, -DartsRnnCell.InitRange, DartsRnnCell.InitRange, random);
        rnn = RegisterModule("rnn", cell);
        decoder = RegisterModule("decoder", new TiedDecoder(encoder.Weight));
    }

    public int VocabularySize { get; }

    public float EmbeddingDropout { get; }

    public float InputDropout { get; }

    public float OutputDropout { get; }

    public RecurrentCell Cell => rnn;

    /// <summary>The stream of the initialisation and of every training-mode mask.</summary>
    public KeyedRandom Draws => random;

    /// <summary>
    /// Runs a window of token ids laid out [steps, batch] (as <c>BpttWindow.Inputs</c>) from <paramref name="hidden"/>
    /// [batch, H] (null: zeros); returns logits [steps x batch, vocabulary], the cell's outputs [steps, batch, H] (for
    /// temporal activation regularization) and the last hidden state.
    /// </summary>
    public (Tensor Logits, Tensor Outputs, Tensor Hidden) Forward(int[] tokens, int steps, int batch, Tensor? hidden)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (steps <= 0 || batch <= 0 || tokens.Length != steps * batch)
        {
            throw new ArgumentException($"CellLanguageModel: {tokens.Length} tokens do not form a window of [{steps}, {batch}].", nameof(tokens));
        }

        var table = encoder.Weight;
        if (IsTraining && EmbeddingDropout > 0)
        {
            // embedded_dropout of the AWD-LSTM/DARTS code: whole rows of the table dropped, kept ones scaled.
            table = Ops.Multiply(table, VariationalMask.Sample(VocabularySize, 1, EmbeddingDropout, random, true)!);
        }

        var embedded = Locked(Ops.Embedding(table, tokens, steps, batch), InputDropout);
        var (outputs, last) = rnn.Run(embedded, hidden);
        // Rows flattened before the decoder: reshaping the large logits would cost a zeroed gradient and a pass in backward.
        var logits = decoder.Forward(Ops.Reshape(Locked(outputs, OutputDropout), steps * batch, Cell.HiddenSize));
        return (logits, outputs, last);
    }

    /// <summary>Token ids (as floats, [steps, batch]) to logits [steps x batch, vocabulary] from a zero state.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2)
        {
            throw new ArgumentException($"CellLanguageModel: input {input.Shape} should be token ids [steps, batch].", nameof(input));
        }

        var tokens = input.ToArray().Select(v => (int)v).ToArray();
        return Forward(tokens, input.Shape[0], input.Shape[1], null).Logits;
    }

    /// <summary>Temporal activation regularization (Merity et al. 2018): beta * mean((h_{t+1} - h_t)^2) over outputs [T, B, H].</summary>
    public static Tensor TemporalActivationRegularization(Tensor outputs, float beta)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var steps = outputs.Shape[0];
        if (steps < 2)
        {
            return Tensor.Zeros();
        }

        var difference = Ops.Subtract(Ops.Slice(outputs, 0, 1, steps - 1), Ops.Slice(outputs, 0, 0, steps - 1));
        return Ops.Scale(Ops.Mean(Ops.Square(difference)), beta);
    }

    protected override string ExtraRepr() => $"vocabulary={VocabularySize}";

    // Locked dropout (Gal & Ghahramani 2016): one [B, D] mask shared by every step of [T, B, D].
    private Tensor Locked(Tensor x, float probability)
    {
        var mask = VariationalMask.Sample(x.Shape[1], x.Shape[2], probability, random, IsTraining);
        return mask == null ? x : Ops.Multiply(x, Ops.Reshape(mask, 1, x.Shape[1], x.Shape[2]));
    }
}
