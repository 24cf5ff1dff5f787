using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tasks;

/// <summary>
/// A token stream batchified into columns and read in order in windows (the DARTS/AWD-LSTM reading: text is not
/// shuffled, the hidden state runs on from window to window). With <see cref="BpttLengthRule.Fixed"/> every window is
/// <see cref="Bptt"/> steps, every epoch the same; with the DARTS code's rule (rnn/train_search.py: bptt with
/// probability 0.95, else bptt / 2) each window's length is drawn from a stream keyed by (seed, epoch) and its batch
/// carries the learning-rate factor length / bptt (<see cref="BpttPlan"/>). <see cref="BatchCount"/> counts windows of
/// Bptt steps; with drawn lengths an epoch has about as many (the mean length is 0.975 bptt).
/// </summary>
public sealed class TokenWindowData : ISearchData<TokenBatch>
{
    private readonly TokenMatrix matrix;

    /// <param name="tokens">The stream.</param>
    /// <param name="batchSize">Columns.</param>
    /// <param name="bptt">Window length (the nominal one, with drawn lengths).</param>
    /// <param name="stream">0: the weight stream; 1: the architecture stream.</param>
    /// <param name="lengths">How window lengths are chosen.</param>
    /// <param name="seed">Seed of the drawn lengths, keyed with the epoch.</param>
    public TokenWindowData(ReadOnlySpan<int> tokens, int batchSize, int bptt, int stream, BpttLengthRule lengths = BpttLengthRule.Fixed, int seed = 0)
    {
        if (batchSize <= 0 || bptt <= 0 || tokens.Length < (2 * batchSize))
        {
            throw new ArgumentException($"TokenWindowData: {tokens.Length} tokens, batch {batchSize}, bptt {bptt}: need a positive batch and bptt and at least two tokens per column.");
        }

        matrix = TextCorpus.Batchify(tokens, batchSize);
        (Bptt, Stream, Lengths, Seed) = (bptt, stream, lengths, seed);
        BatchCount = (matrix.Steps - 1 + bptt - 1) / bptt;
    }

    public int Bptt { get; }

    public BpttLengthRule Lengths { get; }

    public int Seed { get; }

    /// <summary>0: the weight stream; 1: the architecture stream.</summary>
    public int Stream { get; }

    public int BatchCount { get; }

    public IEnumerable<TokenBatch> Epoch(int epoch)
    {
        var index = 0;
        foreach (var span in BpttPlan.Epoch(matrix.Steps, Bptt, Lengths, Seed, epoch))
        {
            yield return new TokenBatch(matrix.Window(span.Start, span.Length), Stream, index++, span.LearningRateScale);
        }
    }
}
