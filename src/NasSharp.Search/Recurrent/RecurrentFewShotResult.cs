namespace NasSharp.Search.Recurrent;

/// <summary>
/// The parts of a few-shot recurrent search (<see cref="RecurrentFewShotSearch"/>): the row split (its label, e.g.
/// <c>node 1 &lt;- 0</c>), the one-shot warm-up, every sub-supernet in choice order, and the one chosen (lowest
/// alpha-stream loss, the earliest on ties).
/// </summary>
public sealed record RecurrentFewShotResult(string SplitRow, RecurrentSearchResult WarmUp, IReadOnlyList<RecurrentFewShotPart> Parts, RecurrentFewShotPart Chosen)
{
    /// <summary>Wall seconds of the warm-up and every part (the loops' own clocks).</summary>
    public double Seconds => WarmUp.Search.Seconds + Parts.Sum(p => p.Search.Search.Seconds);

    /// <summary>Node-steps of the warm-up and every part (nodes x weight steps, RECURRENT.md 6 step 0).</summary>
    public long NodeSteps => new[] { WarmUp }.Concat(Parts.Select(p => p.Search)).Sum(r => r.AlphaLosses.Count == 0 ? 0 : r.AlphaLosses[^1].NodeSteps);
}
