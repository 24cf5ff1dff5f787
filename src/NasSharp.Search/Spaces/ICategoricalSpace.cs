namespace NasSharp.Search.Spaces;

/// <summary>
/// A space whose genotypes are a fixed-length vector of independent categorical decisions. Strategies
/// that model each decision (REINFORCE, TPE) see genotypes through this view.
/// </summary>
public interface ICategoricalSpace<TGenotype> : ISearchSpace<TGenotype>
{
    /// <summary>Number of options of each decision; every decision has at least two.</summary>
    IReadOnlyList<int> Choices { get; }

    /// <summary>The genotype's decisions: entry d is in [0, Choices[d]).</summary>
    int[] ToDecisions(TGenotype genotype);

    /// <summary>The genotype with the given decisions; throws when one is out of range.</summary>
    TGenotype FromDecisions(ReadOnlySpan<int> decisions);
}
