using System.Text.Json;

namespace NasSharp.Search.Ranking;

/// <summary>Reads the JSON forms of a <see cref="ScoringFile"/>; see there for the layouts.</summary>
internal static class JsonScoringReader
{
    private const string DefaultScoreField = "score";

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static Scoring Read(string path, string text, string? scoreField)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Object => ReadObject(path, root, scoreField),
                JsonValueKind.Array => ReadArray(path, root, scoreField ?? DefaultScoreField),
                _ => throw new InvalidDataException($"{path}: expected an object {{\"arch\": score, ...}} or an array of {{\"arch\": ..., \"score\": ...}}, found {root.ValueKind}"),
            };
        }
    }

    private static Scoring ReadObject(string path, JsonElement root, string? scoreField)
    {
        if (scoreField is not null)
        {
            throw new ArgumentException($"{path} maps architectures straight to scores; a score field ('{scoreField}') applies only to an array of objects or a CSV");
        }

        var entries = new List<KeyValuePair<string, double>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new InvalidDataException($"{path}: architecture '{property.Name}' appears more than once");
            }

            entries.Add(new(property.Name, Number(property.Value, $"{path}: the score of '{property.Name}'")));
        }

        return new Scoring(path, null, entries);
    }

    private static Scoring ReadArray(string path, JsonElement root, string scoreField)
    {
        var entries = new List<KeyValuePair<string, double>>();
        var firstElement = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var where = $"{path} element {index}";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{where}: expected an object with \"arch\" and \"{scoreField}\", found {element.ValueKind}");
            }

            var archValue = Field(element, "genotype") ?? Field(element, "arch") ?? Field(element, "architecture")
                ?? throw new InvalidDataException($"{where}: no \"genotype\" (or \"arch\", \"architecture\") field");
            var architecture = archValue.ValueKind == JsonValueKind.String ? archValue.GetString()! : throw new InvalidDataException($"{where}: the architecture is {archValue.ValueKind}, not a string");
            if (!firstElement.TryAdd(architecture, index))
            {
                throw new InvalidDataException($"{path}: architecture '{architecture}' appears in elements {firstElement[architecture]} and {index}");
            }

            var score = Field(element, scoreField) ?? throw new InvalidDataException($"{where}: no \"{scoreField}\" field");
            entries.Add(new(architecture, Number(score, $"{where}: field '{scoreField}'")));
            index++;
        }

        return new Scoring(path, scoreField, entries);
    }

    /// <summary>The first property named <paramref name="name"/>, compared case-insensitively.</summary>
    private static JsonElement? Field(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static double Number(JsonElement value, string what)
    {
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"{what} is {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind.ToString())}, not a finite number");
    }
}
