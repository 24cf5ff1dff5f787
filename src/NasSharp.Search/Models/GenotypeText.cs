using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Spaces.Darts;

namespace NasSharp.Search.Models;

/// <summary>
/// The one place that tells a genotype's space from its text: NAS-Bench-201 strings start with '|', DARTS genotypes
/// with "Genotype(", chain genotypes with '['. Each space's own Parse then validates the text, so a string that
/// looks like one space but is malformed gets that space's error.
/// </summary>
public static class GenotypeText
{
    /// <summary>The space of <paramref name="text"/>; throws naming the three forms when it is none of them.</summary>
    public static ModelSpace Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.StartsWith('|'))
        {
            return ModelSpace.Nb201;
        }

        if (t.StartsWith("Genotype(", StringComparison.Ordinal))
        {
            return ModelSpace.Darts;
        }

        if (t.StartsWith('['))
        {
            return ModelSpace.Chain;
        }

        throw new FormatException($"genotype '{text}' is none of the known forms: NAS-Bench-201 '|nor_conv_3x3~0|+|...|', DARTS 'Genotype(normal=[...], ...)', chain '[3x3, 5x5, 7x7, xception, ...]'");
    }

    /// <summary>The space: <paramref name="given"/> when set (the text must then parse in it), else detected.</summary>
    public static ModelSpace Resolve(string text, ModelSpace? given)
    {
        var space = given ?? Detect(text);
        _ = Canonical(text, space);
        return space;
    }

    /// <summary>The genotype parsed in <paramref name="space"/> and printed back (its canonical text form).</summary>
    public static string Canonical(string text, ModelSpace space)
    {
        ArgumentNullException.ThrowIfNull(text);
        return space switch
        {
            ModelSpace.Nb201 => Nb201Genotype.Parse(text.Trim()).ToString(),
            ModelSpace.Darts => DartsGenotype.Parse(text).ToString(),
            ModelSpace.Chain => ChainGenotype.Parse(text).ToString(),
            _ => throw new ArgumentOutOfRangeException(nameof(space), space, "GenotypeText: unknown space."),
        };
    }

    /// <summary>The space's name as written in files and options: nb201, darts, chain.</summary>
    public static string Name(ModelSpace space) => space.ToString().ToLowerInvariant();

    /// <summary>Parses a space name (nb201, darts, chain; case-insensitive); throws listing them otherwise.</summary>
    public static ModelSpace ParseSpace(string name) =>
        Enum.GetValues<ModelSpace>().FirstOrDefault(s => string.Equals(Name(s), name?.Trim(), StringComparison.OrdinalIgnoreCase), (ModelSpace)(-1)) is var space && Enum.IsDefined(space)
            ? space
            : throw new ArgumentException($"unknown space '{name}' (expected: {string.Join(", ", Enum.GetValues<ModelSpace>().Select(Name))})");
}
