using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NasSharp.Store;

/// <summary>
/// One experiment's directory: <c>&lt;root&gt;/&lt;name&gt;/</c>, holding the options it ran with
/// (JSON), its trials (CSV) and its summary (JSON). Knows nothing of what is searched: callers give
/// plain values. JSON via System.Text.Json, camelCase, indented, no HTML escaping.
/// </summary>
public sealed class RunDirectory
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,

        // Files, not HTML: keep '+' and '|' of architecture strings readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private RunDirectory(string path) => Path = path;

    /// <summary>Full path of the directory.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates <c>root/name</c>, or <c>root/yyyyMMdd-HHmmss</c> (UTC) when <paramref name="name"/> is null;
    /// a suffix <c>-2</c>, <c>-3</c>... keeps an existing run from being overwritten.
    /// </summary>
    public static RunDirectory Create(string root, string? name = null, DateTimeOffset? now = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var stem = name ?? (now ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        if (stem.Length == 0 || stem.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || stem is "." or "..")
        {
            throw new ArgumentException($"RunDirectory: '{stem}' is not a valid run name.", nameof(name));
        }

        var path = System.IO.Path.Combine(root, stem);
        for (var n = 2; Directory.Exists(path) || File.Exists(path); n++)
        {
            path = System.IO.Path.Combine(root, $"{stem}-{n}");
        }

        Directory.CreateDirectory(path);
        return new RunDirectory(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON to <paramref name="fileName"/> in the run directory.</summary>
    public string WriteJson<T>(string fileName, T value)
    {
        var file = FilePath(fileName);
        File.WriteAllText(file, JsonSerializer.Serialize(value, JsonOptions) + "\n");
        return file;
    }

    /// <summary>Reads back a JSON file written by <see cref="WriteJson{T}"/>.</summary>
    public T? ReadJson<T>(string fileName) => JsonSerializer.Deserialize<T>(File.ReadAllText(FilePath(fileName)), JsonOptions);

    /// <summary>Opens a new CSV file with the given header; dispose it to flush.</summary>
    public CsvTableWriter CreateCsv(string fileName, IReadOnlyList<string> columns) => new(FilePath(fileName), columns);

    /// <summary>The path of <paramref name="fileName"/> inside the run; names with directories are refused.</summary>
    public string FilePath(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (System.IO.Path.GetFileName(fileName) != fileName)
        {
            throw new ArgumentException($"RunDirectory: '{fileName}' must be a plain file name.", nameof(fileName));
        }

        return System.IO.Path.Combine(Path, fileName);
    }
}
