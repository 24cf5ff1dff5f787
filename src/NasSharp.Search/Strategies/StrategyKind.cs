using System.Text.Json.Serialization;

namespace NasSharp.Search.Strategies;

/// <summary>The discrete search strategies (names at the parse/print boundary: <see cref="StrategyRegistry"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StrategyKind>))]
public enum StrategyKind
{
    /// <summary>Random search.</summary>
    [JsonStringEnumMemberName("random")]
    Random,

    /// <summary>Regularized evolution (Real et al. 2019).</summary>
    [JsonStringEnumMemberName("rea")]
    Rea,

    /// <summary>REINFORCE with one categorical per decision (Williams 1992; as in NAS-Bench-201).</summary>
    [JsonStringEnumMemberName("reinforce")]
    Reinforce,

    /// <summary>Local search with first improvement and restarts (White et al. 2021).</summary>
    [JsonStringEnumMemberName("ls")]
    Ls,

    /// <summary>Tree-structured Parzen estimator over independent categorical decisions (Bergstra et al. 2011).</summary>
    [JsonStringEnumMemberName("tpe")]
    Tpe,
}
