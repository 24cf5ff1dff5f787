using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.FewShot;

/// <summary>
/// What a supernet directory knows of its space (<see cref="SupernetManifest.Space"/>): the supernet to build for the
/// manifest's skeleton, the rows a few-shot split may fix (NAS-Bench-201's six edges, the chain's layers) with their
/// choices' names (for folder names and split text), and how an architecture's text maps to a path of choices. Every
/// supernet of a directory is the one <see cref="ChoiceSupernet"/> family; only these facts differ between spaces.
/// </summary>
public abstract class SupernetSpace
{
    public abstract SearchSpaceKind Kind { get; }

    /// <summary>The space's name as written in supernet.json and options: nb201, chain.</summary>
    public string Name => KindNames<SearchSpaceKind>.Name(Kind);

    /// <summary>What a split row is called in messages: <c>edge</c> or <c>layer</c>.</summary>
    public abstract string RowWord { get; }

    /// <summary>What a row's choices are called in messages: <c>operations</c> or <c>blocks</c>.</summary>
    public abstract string ChoiceWord { get; }

    /// <summary>Rows a split may fix (the rows of table 0).</summary>
    public abstract int Rows { get; }

    /// <summary>Choices per row.</summary>
    public abstract int Choices { get; }

    /// <summary>How an architecture of the space is written, for messages.</summary>
    public abstract string ArchitectureForm { get; }

    /// <summary>A valid path (choice 0 everywhere), for a policy that is replaced before any forward pass.</summary>
    public IReadOnlyList<int[]> FirstPath => [new int[Rows]];

    /// <summary>The name of choice <paramref name="choice"/>: an operation (<c>nor_conv_3x3</c>) or a block (<c>7x7</c>).</summary>
    public abstract string ChoiceName(int choice);

    /// <summary>A fresh supernet of the directory's skeleton, unrestricted, its weights drawn from <paramref name="random"/>.</summary>
    public abstract ChoiceSupernet Create(IChoicePolicy policy, Random random);

    /// <summary>The path of the architecture written <paramref name="architecture"/>; false when it is not one of this space's (or skeleton's).</summary>
    public abstract bool TryParsePath(string architecture, [NotNullWhen(true)] out IReadOnlyList<int[]>? path);

    /// <summary>The choice named <paramref name="name"/>, or false.</summary>
    public bool TryParseChoice(string name, out int choice)
    {
        for (choice = 0; choice < Choices; choice++)
        {
            if (ChoiceName(choice) == name)
            {
                return true;
            }
        }

        choice = -1;
        return false;
    }

    /// <summary>The text of a split: <c>row:name</c>, e.g. <c>0:nor_conv_3x3</c> or <c>0:7x7</c>.</summary>
    public string SplitText(ChoiceSplit split) => string.Create(CultureInfo.InvariantCulture, $"{split.Row}:{ChoiceName(split.Choice)}");

    /// <summary>The space of <paramref name="manifest"/>; a space a directory cannot hold is an error naming it.</summary>
    /// <exception cref="InvalidDataException">The manifest names another space, or a chain manifest lacks its skeleton.</exception>
    public static SupernetSpace Of(SupernetManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return KindNames<SearchSpaceKind>.TryParse(manifest.Space) switch
        {
            SearchSpaceKind.Nb201 => new Nb201SupernetSpace(manifest.Skeleton),
            SearchSpaceKind.Chain => new ChainSupernetSpace(manifest.Chain ?? throw new InvalidDataException($"{SupernetDirectory.ManifestFile}: space chain without its skeleton (the 'chain' field)")),
            _ => throw new InvalidDataException($"{SupernetDirectory.ManifestFile}: space '{manifest.Space}' cannot be held in a supernet directory (expected: nb201, chain)"),
        };
    }
}
