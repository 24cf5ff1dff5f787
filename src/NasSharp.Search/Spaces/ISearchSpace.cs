namespace NasSharp.Search.Spaces;

/// <summary>
/// A discrete architecture space as every strategy sees it. The genotype is a small immutable value;
/// all randomness comes from the caller's <see cref="Random"/>, so a seeded strategy stays deterministic.
/// </summary>
public interface ISearchSpace<TGenotype>
{
    /// <summary>A genotype drawn uniformly from the space.</summary>
    TGenotype Sample(Random random);

    /// <summary>
    /// A random neighbour: exactly one decision changed to a different option, chosen uniformly
    /// (the mutation of regularized evolution, Real et al. 2019).
    /// </summary>
    TGenotype Mutate(TGenotype genotype, Random random);

    /// <summary>Every genotype that differs from <paramref name="genotype"/> in exactly one decision, in a fixed order.</summary>
    IReadOnlyList<TGenotype> Neighbours(TGenotype genotype);

    /// <summary>Length of <see cref="Encode"/>'s vector.</summary>
    int EncodingLength { get; }

    /// <summary>A fixed-length numeric encoding (one-hot per decision) for predictors.</summary>
    float[] Encode(TGenotype genotype);
}
