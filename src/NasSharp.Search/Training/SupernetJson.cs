using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasSharp.Search.Training;

/// <summary>The JSON settings of supernet files: camelCase, indented, enums by name, architecture strings unescaped.</summary>
internal static class SupernetJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
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
            return JsonSerializer.Deserialize<T>(text, Options) ?? throw new InvalidDataException($"{source}: the file holds JSON null.");
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
}
