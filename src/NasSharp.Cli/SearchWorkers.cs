using System.Text.Json.Serialization;

namespace NasSharp.Cli;

/// <summary>Where the stand-alone training trials of <c>nas search --evaluator train</c> run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SearchWorkers>))]
public enum SearchWorkers
{
    /// <summary>In the search process itself.</summary>
    [JsonStringEnumMemberName("in-process")]
    InProcess,

    /// <summary>Queued in the store as units that <c>nas worker</c> processes (any machine sharing the store) run.</summary>
    [JsonStringEnumMemberName("external")]
    External,
}
