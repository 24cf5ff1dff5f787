namespace NasSharp.Search.Recurrent;

/// <summary>
/// A few-shot recurrent search (Zhao et al., ICML 2021; issue 12 item 5): after the one-shot warm-up of the options'
/// epochs, the supernet is split on one mixed edge into one sub-supernet per operation the derivation can keep, each
/// trained for <see cref="SplitEpochs"/> epochs from the parent's weights and alpha; the one with the lowest
/// alpha-stream loss is kept.
/// </summary>
public sealed record RecurrentFewShotOptions
{
    /// <summary>
    /// The mixed edge split, numbered over the cell's nodes in order: tib's node k (0..N-1, one two-input op row each);
    /// darts-rnn's edges node 1 &lt;- 0, node 2 &lt;- 0, node 2 &lt;- 1, node 3 &lt;- 0, ... (0..N(N+1)/2-1). 0, the default, is the
    /// first node's op row in both: every later node reads its state.
    /// </summary>
    public int SplitEdge { get; init; }

    /// <summary>Search epochs of each sub-supernet.</summary>
    public int SplitEpochs { get; init; } = 1;
}
