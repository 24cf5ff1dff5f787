namespace NasSharp.Search.Training;

/// <summary>The outcome of <see cref="FewShotDifferentiableSearch"/>: the parent's warm-up (null with 0 epochs), every sub-supernet, and the chosen one.</summary>
public sealed record FewShotDifferentiableResult<TScore>(DifferentiableSearchResult? WarmUp, IReadOnlyList<FewShotPart<TScore>> Parts, FewShotPart<TScore> Best)
{
    /// <summary>Wall seconds of the whole few-shot search (warm-up and every sub-supernet, selection excluded).</summary>
    public double Seconds => (WarmUp?.Seconds ?? 0) + Parts.Sum(p => p.Search.Seconds);

    /// <summary>Analytic training FLOPs of the whole few-shot search.</summary>
    public double Flops => (WarmUp?.Flops ?? 0) + Parts.Sum(p => p.Search.Flops);

    /// <summary>Search epochs of the warm-up and every sub-supernet.</summary>
    public int Epochs => (WarmUp?.History.Count ?? 0) + Parts.Sum(p => p.Search.History.Count);
}
