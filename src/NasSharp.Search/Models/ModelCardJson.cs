using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasSharp.Search.Models;

/// <summary>How model cards are written: the output vocabulary (snake_case keys, enums by their kebab-case command-line names, as NasSharp.Store's OutputJson), indented, nulls left out.</summary>
public static class ModelCardJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(ModelCard card) => JsonSerializer.Serialize(card, Options);

    /// <summary>Reads a card; a malformed file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ModelCard Deserialize(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(json, Options) ?? throw new InvalidDataException($"{source}: empty model card");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a valid model card ({ex.Message})", ex);
        }
    }
}
