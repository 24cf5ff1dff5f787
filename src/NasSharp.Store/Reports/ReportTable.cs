using System.Globalization;
using CsvHelper;

namespace NasSharp.Store.Reports;

/// <summary>
/// A CSV file of a run, read whole through CsvHelper (RFC 4180 quoting): a header and rows of text. Columns are found
/// by any of several names, compared with <see cref="ReportKeys.Normalize"/>; numbers parse with the invariant culture.
/// </summary>
internal sealed class ReportTable
{
    private ReportTable(string name, IReadOnlyList<string> columns, IReadOnlyList<string[]> rows)
    {
        Name = name;
        Columns = columns;
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Reads <paramref name="path"/>; a missing header or a row with too many fields is an <see cref="InvalidDataException"/>.</summary>
    public static ReportTable Read(string path)
    {
        // CsvHelper's defaults: RFC 4180 quoting, short rows read as empty fields.
        using var stream = File.OpenRead(path);
        using var csv = CsvReader.Create(stream, CsvReaderOptions.Default, false);
        var header = csv.Headers.ToArray();
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} has no header row");
        }

        var rows = new List<string[]>();
        while (csv.Read())
        {
            var row = new string[header.Length];
            for (var i = 0; i < header.Length; i++)
            {
                row[i] = csv.GetString(i);
            }

            rows.Add(row);
        }

        return new ReportTable(Path.GetFileName(path), header, rows);
    }

    /// <summary>The index of the first column named like one of <paramref name="names"/> (in their order of preference), or -1.</summary>
    public int Find(params string[] names)
    {
        foreach (var name in names)
        {
            var key = ReportKeys.Normalize(name);
            for (var i = 0; i < Columns.Count; i++)
            {
                if (ReportKeys.Normalize(Columns[i]) == key)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>The number in <paramref name="column"/> of <paramref name="row"/>, NaN when empty or not a number.</summary>
    public double Number(string[] row, int column) =>
        column >= 0 && column < row.Length && double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    /// <summary>True when at least one row holds a finite number in <paramref name="column"/>.</summary>
    public bool IsNumeric(int column) => column >= 0 && Rows.Any(r => double.IsFinite(Number(r, column)));

    public string Text(string[] row, int column) => column >= 0 && column < row.Length ? row[column] : string.Empty;
}
