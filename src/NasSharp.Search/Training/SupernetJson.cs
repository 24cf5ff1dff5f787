using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NasSharp.NN.Training;

namespace NasSharp.Search.Training;

/// <summary>
/// The JSON settings of supernet files (supernet.json, state.json, checkpoint metadata): the output vocabulary of
/// every NasSharp file (NasSharp.Store's <c>OutputJson</c>: snake_case keys, enums by their kebab-case names,
/// indented, architecture strings unescaped). Directories written before it used camelCase keys; reading accepts
/// both, so an older supernet directory still resumes, splits and ranks.
/// </summary>
internal static class SupernetJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Parses <paramref name="text"/>; malformed content is an <see cref="InvalidDataException"/> naming <paramref name="source"/>.</summary>
    public static T Deserialize<T>(string text, string source)
    {
        try
        {
            var node = JsonNode.Parse(text) ?? throw new InvalidDataException($"{source}: the file holds JSON null.");
            return SnakeKeys(node)!.Deserialize<T>(Options) ?? throw new InvalidDataException($"{source}: the file holds JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a valid {typeof(T).Name} ({e.Message}).", e);
        }
    }

    /// <summary>Reads and parses a JSON file.</summary>
    public static T Read<T>(string path) => Deserialize<T>(File.ReadAllText(path), path);

    /// <summary>Writes a JSON file atomically.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(Serialize(value) + "\n"));

    // Older files: camelCase keys (cellsPerStage) read as their snake_case names (cells_per_stage).
    private static JsonNode? SnakeKeys(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Key), SnakeKeys(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(SnakeKeys)]),
        null => null,
        _ => node.DeepClone(),
    };
}
