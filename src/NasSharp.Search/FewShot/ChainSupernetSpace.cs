using System.Diagnostics.CodeAnalysis;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.FewShot;

/// <summary>
/// The chain space in a supernet directory: <see cref="ChainSupernet"/>s of one skeleton (SPOS's ShuffleNetV2 layers);
/// a split fixes one layer to one of its four blocks. Stand-alone networks of the space are <see cref="ChainNetwork"/>s
/// of the same skeleton.
/// </summary>
public sealed class ChainSupernetSpace(ChainSpaceOptions skeleton) : SupernetSpace
{
    public ChainSpaceOptions Skeleton { get; } = skeleton ?? throw new ArgumentNullException(nameof(skeleton));

    public override SearchSpaceKind Kind => SearchSpaceKind.Chain;

    public override string RowWord => "layer";

    public override string ChoiceWord => "blocks";

    public override int Rows => Skeleton.Layers;

    public override int Choices => ChainGenotype.ChoiceCount;

    public override string ArchitectureForm => $"a chain genotype of {Skeleton.Layers} layers ([3x3, 5x5, 7x7, xception, ...])";

    public override string ChoiceName(int choice) => ChainGenotype.Name((ChainChoice)choice);

    public override ChoiceSupernet Create(IChoicePolicy policy, Random random) => new ChainSupernet(Skeleton, policy, random);

    public override bool TryParsePath(string architecture, [NotNullWhen(true)] out IReadOnlyList<int[]>? path)
    {
        path = TryParse(architecture, out var genotype) ? PathOf(genotype) : null;
        return path is not null;
    }

    /// <summary>The genotype written <paramref name="architecture"/> when it is a chain genotype with this skeleton's layer count.</summary>
    public bool TryParse(string architecture, [NotNullWhen(true)] out ChainGenotype? genotype)
    {
        genotype = null;
        if (string.IsNullOrWhiteSpace(architecture) || !architecture.TrimStart().StartsWith('['))
        {
            return false;
        }

        try
        {
            genotype = ChainGenotype.Parse(architecture);
        }
        catch (FormatException)
        {
            return false;
        }

        if (genotype.Layers != Skeleton.Layers)
        {
            genotype = null;
        }

        return genotype is not null;
    }

    /// <summary>The genotype's path in the supernet: one table, a row per layer.</summary>
    public static IReadOnlyList<int[]> PathOf(ChainGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        return [genotype.Choices.Select(c => (int)c).ToArray()];
    }

    /// <summary>The chain skeleton of a directory or ground truth on images of <paramref name="classes"/> classes and <paramref name="inputChannels"/> channels: the space's default sizes (as <c>nas search --space chain</c> uses).</summary>
    public static ChainSpaceOptions DefaultSkeleton(int classes, int inputChannels) => new() { Classes = classes, InputChannels = inputChannels };
}
