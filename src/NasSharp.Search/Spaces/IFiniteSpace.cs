namespace NasSharp.Search.Spaces;

/// <summary>A space small enough to list: exhaustive evaluation, rankings over the whole space.</summary>
public interface IFiniteSpace<TGenotype>
{
    /// <summary>Number of genotypes.</summary>
    long Size { get; }

    /// <summary>Every genotype exactly once, in a fixed order.</summary>
    IEnumerable<TGenotype> Enumerate();
}
