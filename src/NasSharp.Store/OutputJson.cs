using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NasSharp.Store;

/// <summary>
/// The one JSON vocabulary of NasSharp's output files (options.json, summary.json, --json lines, rank and export
/// summaries): snake_case keys, enums written as the names the command line takes (kebab case: <c>"method":
/// "darts-warmup"</c>, never a number), no HTML escaping (architecture strings keep their '|' and '+'), never a
/// non-finite number. Files written before this vocabulary used camelCase keys: <see cref="Deserialize{T}"/> reads
/// both, so a run directory of an older version still resumes and reports.
/// </summary>
/// <remarks>
/// NasSharp.Search cannot reference this project (the store brings database drivers), so its model card and supernet
/// files configure the same policy themselves; a test in NasSharp.Cli.Tests checks the two agree.
/// </remarks>
public static class OutputJson
{
    /// <summary>Indented, for files.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>One line, for the <c>--json</c> summary a command prints last.</summary>
    public static JsonSerializerOptions Line { get; } = Create(indented: false);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static string SerializeLine<T>(T value) => JsonSerializer.Serialize(value, Line);

    /// <summary>Parses <paramref name="json"/>, accepting the camelCase keys of older files as their snake_case names.</summary>
    public static T? Deserialize<T>(string json)
    {
        var node = JsonNode.Parse(json);
        return node is null ? default : (HasCamelKeys(node) ? SnakeKeys(node)! : node).Deserialize<T>(Options);
    }

    /// <summary>A copy of <paramref name="node"/> whose object keys are snake_case (<c>cellsPerStage</c> becomes <c>cells_per_stage</c>); other values unchanged.</summary>
    public static JsonNode? SnakeKeys(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(SnakeCase(p.Key), SnakeKeys(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(SnakeKeys)]),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>snake_case of a camelCase, PascalCase or snake_case key (<c>bestGenotype</c>, <c>best_genotype</c> both give <c>best_genotype</c>).</summary>
    public static string SnakeCase(string key) => JsonNamingPolicy.SnakeCaseLower.ConvertName(key);

    private static bool HasCamelKeys(JsonNode node) => node switch
    {
        JsonObject o => o.Any(p => p.Key.Any(char.IsUpper) || HasCamelKeys(p.Value!)),
        JsonArray a => a.Any(i => i is not null && HasCamelKeys(i)),
        _ => false,
    };

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Integers stay readable so that options.json files of older versions ("method": 0) still load.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: true) },
    };
}
