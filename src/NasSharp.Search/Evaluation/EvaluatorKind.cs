using System.Text.Json.Serialization;

namespace NasSharp.Search.Evaluation;

/// <summary>How a search scores genotypes (names at the parse/print boundary via their JSON member names).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvaluatorKind>))]
public enum EvaluatorKind
{
    /// <summary>A tabular benchmark lookup.</summary>
    [JsonStringEnumMemberName("table")]
    Table,

    /// <summary>A one-shot supernet with inherited weights.</summary>
    [JsonStringEnumMemberName("oneshot")]
    OneShot,

    /// <summary>A few-shot supernet (sub-supernets per split) with inherited weights.</summary>
    [JsonStringEnumMemberName("fewshot")]
    FewShot,

    /// <summary>Stand-alone training of every trial.</summary>
    [JsonStringEnumMemberName("train")]
    Train,
}
