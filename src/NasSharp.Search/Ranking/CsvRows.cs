using CsvHelper;

namespace NasSharp.Search.Ranking;

/// <summary>
/// The records of a CSV text through CsvHelper (RFC 4180: double-quoted fields may hold commas, doubled quotes and
/// line breaks), with the line each record starts on. Whitespace around a field is trimmed, inside quotes kept; empty
/// lines are skipped; the separator is always a comma (no sniffing). Malformed quoting becomes a
/// <see cref="FormatException"/> naming the source and the line, never a silently repaired value.
/// </summary>
internal static class CsvRows
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
    };

    /// <summary>Every record (the header included) with its 1-based line number.</summary>
    /// <exception cref="FormatException">A quoted field is not closed, or text follows its closing quote.</exception>
    public static IEnumerable<(string[] Fields, int Line)> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var csv = CsvReader.Create(reader, Options, leaveOpen: true);
        while (Next(csv, source))
        {
            var fields = new string[csv.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = csv.GetString(i) ?? string.Empty;
            }

            yield return (fields, (int)csv.LineNumber);
        }
    }

    private static bool Next(CsvReader csv, string source)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException ex)
        {
            throw new FormatException($"{source} line {ex.LineNumber}: malformed CSV quoting ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }
}
