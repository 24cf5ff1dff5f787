using System.Globalization;
using System.Text.Json;

namespace NasSharp.Store.Reports;

/// <summary>
/// A JSON file of a run (options, summary) flattened to key/value text pairs for a table: nested objects give dotted
/// keys, arrays of scalars one comma-separated value, longer arrays of objects their length.
/// </summary>
internal static class ReportJson
{
    private const int MaxArrayItems = 12;

    public static List<KeyValuePair<string, string>> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var pairs = new List<KeyValuePair<string, string>>();
        Flatten(document.RootElement, string.Empty, pairs);
        return pairs;
    }

    /// <summary>The value of the first key that matches one of <paramref name="names"/> (compared normalized), or null.</summary>
    public static string? Find(IReadOnlyList<KeyValuePair<string, string>> pairs, params string[] names)
    {
        foreach (var name in names)
        {
            var key = ReportKeys.Normalize(name);
            foreach (var pair in pairs)
            {
                if (ReportKeys.Normalize(pair.Key) == key)
                {
                    return pair.Value;
                }
            }
        }

        return null;
    }

    private static void Flatten(JsonElement element, string prefix, List<KeyValuePair<string, string>> pairs)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", pairs);
                }

                break;
            case JsonValueKind.Array:
                pairs.Add(new(Key(prefix), ArrayText(element)));
                break;
            default:
                pairs.Add(new(Key(prefix), Scalar(element)));
                break;
        }
    }

    private static string Key(string prefix) => prefix.Length == 0 ? "value" : prefix;

    private static string ArrayText(JsonElement array)
    {
        var items = array.EnumerateArray().ToList();
        if (items.Count <= MaxArrayItems && items.All(i => i.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)))
        {
            return string.Join(", ", items.Select(Scalar));
        }

        return string.Create(CultureInfo.InvariantCulture, $"[{items.Count} items]");
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.TryGetDouble(out var d) ? ReportFormat.Number(d) : value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
