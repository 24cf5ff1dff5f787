using System.Globalization;

namespace NasSharp.Search.Ranking;

/// <summary>Reads the CSV form of a <see cref="ScoringFile"/> through <see cref="CsvRows"/>; see there for the layout.</summary>
internal static class CsvScoringReader
{
    public static Scoring Read(string path, string text, string? scoreColumn)
    {
        using var rows = CsvRows.Read(new StringReader(text), path).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new InvalidDataException($"{path} is empty: expected a header row, then one row per architecture");
        }

        var header = rows.Current.Fields.ToList();
        var archColumn = ArchitectureColumn(header);
        var score = ScoreColumn(path, header, archColumn, scoreColumn);
        var entries = new List<KeyValuePair<string, double>>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        while (rows.MoveNext())
        {
            var (fields, lineNumber) = rows.Current;
            if (fields.Length != header.Count)
            {
                throw new FormatException($"{path} line {lineNumber}: {fields.Length} fields, but the header has {header.Count}");
            }

            var architecture = fields[archColumn];
            if (architecture.Length == 0)
            {
                throw new FormatException($"{path} line {lineNumber}: the architecture field '{header[archColumn]}' is empty");
            }

            if (!firstLine.TryAdd(architecture, lineNumber))
            {
                throw new InvalidDataException($"{path}: architecture '{architecture}' appears on lines {firstLine[architecture]} and {lineNumber}");
            }

            entries.Add(new(architecture, ParseScore(fields[score], path, lineNumber, header[score])));
        }

        return new Scoring(path, header[score], entries);
    }

    private static int ArchitectureColumn(List<string> header)
    {
        // genotype is the current name; arch and architecture are what older files (and other tools) call it.
        var arch = header.FindIndex(h => h.Equals("genotype", StringComparison.OrdinalIgnoreCase) || h.Equals("arch", StringComparison.OrdinalIgnoreCase));
        var architecture = header.FindIndex(h => h.Equals("architecture", StringComparison.OrdinalIgnoreCase));
        return arch >= 0 ? arch : Math.Max(architecture, 0);
    }

    private static int ScoreColumn(string path, List<string> header, int archColumn, string? requested)
    {
        var columns = string.Join(", ", header);
        if (requested is not null)
        {
            var index = header.FindIndex(h => h.Equals(requested, StringComparison.OrdinalIgnoreCase));
            return index < 0
                ? throw new ArgumentException($"{path} has no column '{requested}' (columns: {columns})")
                : index == archColumn
                    ? throw new ArgumentException($"{path}: column '{requested}' holds the architectures, not scores")
                    : index;
        }

        if (header.Count < 2)
        {
            throw new InvalidDataException($"{path}: the header has one column ({columns}); expected an architecture column and a score column");
        }

        // Guessing among several columns after a non-first architecture column would pick an index or an
        // encoding as the score without a word; make the caller name it instead.
        return archColumn == 0 ? 1
            : header.Count == 2 ? 0
            : throw new ArgumentException($"{path}: name the score column; the architecture column '{header[archColumn]}' is not first and there are {header.Count} columns ({columns})");
    }

    private static double ParseScore(string field, string path, int lineNumber, string column)
    {
        // A diverged training run leaves NaN or infinity; ranking it as a score would pass it off as a result.
        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
            ? score
            : throw new FormatException($"{path} line {lineNumber}: score '{field}' in column '{column}' is not a finite number");
    }
}
