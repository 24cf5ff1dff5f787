using NasSharp.Data;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Evaluation;

/// <summary>
/// Scores a genotype with inherited weights (Bender et al. 2018; Zhao et al. 2021): the supernet that holds it
/// (the one-shot supernet, or the deepest few-shot sub-supernet containing it) runs only the genotype's path
/// (<see cref="FixedChoicePolicy"/>) over a fixed held-out set, and the score is the top-1 accuracy in percent.
/// </summary>
/// <remarks>
/// Batch norm: every batch norm normalises with the statistics of the evaluation batch itself (training-mode
/// batch norm, no gradient). The cells' batch norms have no running statistics at all (NAS-Bench-201's
/// weight-sharing convention), and the running statistics that the stem, reduction and last batch norms gathered
/// during training average over all sampled paths, so they do not describe any one architecture; batch
/// statistics of a large fixed evaluation batch (<see cref="FewShotDataOptions.EvaluationBatchSize"/>) are the
/// architecture's own, computed afresh for each batch, which is what SPOS's recalibration approximates with
/// training batches. The running statistics are restored after each evaluation, so evaluating never changes the
/// supernet and a score never depends on what was evaluated before. Scores are cached per genotype.
/// </remarks>
public sealed class SupernetEvaluator<TGenotype> : IEvaluator<TGenotype>
    where TGenotype : notnull
{
    private readonly FewShotSupernet supernets;
    private readonly DataLoader heldOut;
    private readonly Dictionary<TGenotype, EvaluationResult> cache = [];
    private readonly Func<TGenotype, IReadOnlyList<int[]>> toPath;

    /// <param name="supernets">The supernet set that routes each genotype (one supernet for one-shot).</param>
    /// <param name="heldOut">Held-out images in a fixed order (shuffling off), e.g. <see cref="FewShotData.ValidationLoader"/>.</param>
    /// <param name="toPath">The genotype's path in the supernets' choice rows.</param>
    public SupernetEvaluator(FewShotSupernet supernets, DataLoader heldOut, Func<TGenotype, IReadOnlyList<int[]>> toPath)
    {
        ArgumentNullException.ThrowIfNull(toPath);
        this.toPath = toPath;
        ArgumentNullException.ThrowIfNull(supernets);
        ArgumentNullException.ThrowIfNull(heldOut);
        if (heldOut.Options.Shuffle)
        {
            throw new ArgumentException("SupernetEvaluator: the held-out loader must not shuffle (batch statistics would make scores depend on the epoch).");
        }

        this.supernets = supernets;
        this.heldOut = heldOut;
    }

    /// <summary>Distinct genotypes evaluated so far (each evaluated once; repeats come from the cache).</summary>
    public int Evaluated => cache.Count;

    /// <summary>The supernet set.</summary>
    public FewShotSupernet Supernets => supernets;

    public EvaluationResult Evaluate(TGenotype genotype)
    {
        if (!cache.TryGetValue(genotype, out var result))
        {
            var path = toPath(genotype);
            result = new EvaluationResult(HeldOutAccuracy(supernets.Route(path), path));
            cache.Add(genotype, result);
        }

        return result;
    }

    private double HeldOutAccuracy(ChoiceSupernet supernet, IReadOnlyList<int[]> path)
    {
        var policy = supernet.Policy;
        supernet.Policy = new FixedChoicePolicy(path);
        try
        {
            return 100.0 * ClassifierEvaluation.ScoreWithBatchStatistics(supernet, heldOut).Accuracy;
        }
        finally
        {
            supernet.Policy = policy;
        }
    }
}
