namespace NasSharp.Search.Ranking;

/// <summary>
/// A scoring stored in a file, CSV or JSON (chosen by the extension <c>.csv</c> / <c>.json</c>, otherwise by
/// whether the text starts with <c>{</c> or <c>[</c>).
/// </summary>
/// <remarks>
/// <para>CSV: a header row, then one row per architecture. The architecture column is the one named
/// <c>arch</c> or <c>architecture</c> (case-insensitive), else the first column. The score column is the one
/// named by <see cref="ScoreColumn"/>; without it, the second column when the architecture column is the
/// first, or the other column of a two-column file. Fields may be double-quoted (RFC 4180, read by CsvHelper:
/// a quoted field may hold commas, <c>""</c> for a quote, and line breaks).</para>
/// <para>JSON: an object <c>{"arch": score, ...}</c>, or an array of objects with an <c>arch</c> (or
/// <c>architecture</c>) string and a numeric score field named <see cref="ScoreColumn"/> (default
/// <c>score</c>).</para>
/// <para>An architecture listed twice, a non-numeric, NaN or infinite score, or a row with the wrong number of
/// fields is an error naming the file and the line and column (CSV) or element and field (JSON).</para>
/// </remarks>
public sealed class ScoringFile(string path, string? scoreColumn = null) : IScoringSource
{
    public string Path { get; } = path;

    /// <summary>Name of the score column (CSV) or field (JSON array); null for the default.</summary>
    public string? ScoreColumn { get; } = scoreColumn;

    public string Description => Path;

    public Scoring Load() => Read(Path, ScoreColumn);

    /// <inheritdoc cref="IScoringSource.Load"/>
    public static Scoring Read(string path, string? scoreColumn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = File.ReadAllText(path);
        return IsJson(path, text) ? JsonScoringReader.Read(path, text, scoreColumn) : CsvScoringReader.Read(path, text, scoreColumn);
    }

    private static bool IsJson(string path, string text)
    {
        var extension = System.IO.Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var first = text.AsSpan().TrimStart();
        return first.Length > 0 && first[0] is '{' or '[';
    }
}
