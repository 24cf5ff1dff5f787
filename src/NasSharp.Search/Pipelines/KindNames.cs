using System.Reflection;
using System.Text.Json.Serialization;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// The user-facing names of an enum of kinds (spaces, evaluators, strategies), taken from each member's
/// <see cref="JsonStringEnumMemberNameAttribute"/>, so <c>--help</c>, parse errors and JSON files say the same word.
/// </summary>
public static class KindNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly TEnum[] Values = Enum.GetValues<TEnum>();

    private static readonly string[] NameTable = Values.Select(v =>
        typeof(TEnum).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString().ToLowerInvariant()).ToArray();

    /// <summary>Every name, in enum order.</summary>
    public static IReadOnlyList<string> Names => NameTable;

    public static string Name(TEnum value) => NameTable[Array.IndexOf(Values, value)];

    /// <summary>The kind named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TEnum? TryParse(string? name)
    {
        var index = name is null ? -1 : Array.IndexOf(NameTable, name.Trim().ToLowerInvariant());
        return index >= 0 ? Values[index] : null;
    }
}
