using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tasks;

/// <summary>
/// A token stream batchified into columns and read in order in windows of <see cref="Bptt"/> steps, every epoch the
/// same (the DARTS/AWD-LSTM reading: text is not shuffled, the hidden state runs on from window to window). Fixed
/// window lengths: the DARTS code draws 35 or 17 per window and rescales the learning rate; NasSharp keeps one length
/// (a documented simplification, so every window weighs the same).
/// </summary>
public sealed class TokenWindowData : ISearchData<TokenBatch>
{
    private readonly TokenMatrix matrix;

    public TokenWindowData(ReadOnlySpan<int> tokens, int batchSize, int bptt, int stream)
    {
        if (batchSize <= 0 || bptt <= 0 || tokens.Length < (2 * batchSize))
        {
            throw new ArgumentException($"TokenWindowData: {tokens.Length} tokens, batch {batchSize}, bptt {bptt}: need a positive batch and bptt and at least two tokens per column.");
        }

        matrix = TextCorpus.Batchify(tokens, batchSize);
        (Bptt, Stream) = (bptt, stream);
        BatchCount = (matrix.Steps - 1 + bptt - 1) / bptt;
    }

    public int Bptt { get; }

    /// <summary>0: the weight stream; 1: the architecture stream.</summary>
    public int Stream { get; }

    public int BatchCount { get; }

    public IEnumerable<TokenBatch> Epoch(int epoch)
    {
        var index = 0;
        foreach (var window in TextCorpus.BpttWindows(matrix, Bptt))
        {
            yield return new TokenBatch(window, Stream, index++);
        }
    }
}
