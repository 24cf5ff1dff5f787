namespace NasSharp.Search.Spaces.Chain;

/// <summary>
/// An architecture of the chain space: one <see cref="ChainChoice"/> per searchable layer, in network order. Text form
/// <c>[3x3, 5x5, xception, 7x7, ...]</c>; Parse(ToString()) round-trips. Immutable.
/// </summary>
public sealed class ChainGenotype : IEquatable<ChainGenotype>
{
    private static readonly string[] Names = ["3x3", "5x5", "7x7", "xception"];
    private readonly ChainChoice[] choices;

    public ChainGenotype(IReadOnlyList<ChainChoice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0 || choices.Any(c => !Enum.IsDefined(c)))
        {
            throw new ArgumentException($"ChainGenotype: need at least one layer, each one of {string.Join(", ", Names)}.");
        }

        this.choices = [.. choices];
    }

    /// <summary>Choices per layer.</summary>
    public static int ChoiceCount => Names.Length;

    public IReadOnlyList<ChainChoice> Choices => choices;

    public int Layers => choices.Length;

    /// <summary>The name of a choice, e.g. <c>xception</c>.</summary>
    public static string Name(ChainChoice choice) => Names[(int)choice];

    /// <summary>Parses <c>[3x3, 5x5, ...]</c>.</summary>
    public static ChainGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.Length < 2 || body[0] != '[' || body[^1] != ']')
        {
            throw new FormatException($"ChainGenotype: '{text}' is not of the form [3x3, 5x5, 7x7, xception, ...].");
        }

        var parts = body[1..^1].Split(',', StringSplitOptions.TrimEntries);
        var parsed = new ChainChoice[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var index = Array.IndexOf(Names, parts[i]);
            parsed[i] = index >= 0 ? (ChainChoice)index : throw new FormatException($"ChainGenotype: layer {i} '{parts[i]}' is not one of {string.Join(", ", Names)}.");
        }

        return new ChainGenotype(parsed);
    }

    public override string ToString() => "[" + string.Join(", ", choices.Select(Name)) + "]";

    public bool Equals(ChainGenotype? other) => other is not null && choices.AsSpan().SequenceEqual(other.choices);

    public override bool Equals(object? obj) => Equals(obj as ChainGenotype);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
