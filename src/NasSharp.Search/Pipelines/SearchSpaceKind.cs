using System.Text.Json.Serialization;

namespace NasSharp.Search.Pipelines;

/// <summary>The spaces <c>nas search</c> searches with a strategy (names: <see cref="KindNames{TEnum}"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SearchSpaceKind>))]
public enum SearchSpaceKind
{
    /// <summary>NAS-Bench-201 cells (15,625 architectures).</summary>
    [JsonStringEnumMemberName("nb201")]
    Nb201,

    /// <summary>The single-path ShuffleNetV2 chain space.</summary>
    [JsonStringEnumMemberName("chain")]
    Chain,

    /// <summary>The DARTS CNN cell space.</summary>
    [JsonStringEnumMemberName("darts")]
    Darts,
}
