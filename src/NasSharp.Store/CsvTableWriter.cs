using System.Globalization;
using System.Text;
using CsvHelper;

namespace NasSharp.Store;

/// <summary>
/// Writes a CSV table row by row through CsvHelper (RFC 4180 quoting when a field needs it, <c>\n</c> line ends,
/// invariant culture; doubles in round-trip form, null as an empty field), so any reader of RFC 4180, CsvHelper's
/// included, reads back the values written: a genotype with commas, a failure reason with quotes. Rows must have as
/// many values as the header.
/// </summary>
public sealed class CsvTableWriter : IDisposable
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { NewLine = "\n" };

    private readonly StreamWriter file;
    private readonly CsvWriter csv;
    private readonly int columnCount;

    /// <summary>Creates (or overwrites) <paramref name="path"/> and writes the header.</summary>
    public CsvTableWriter(string path, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("CsvTableWriter: a table needs at least one column.", nameof(columns));
        }

        columnCount = columns.Count;
        file = new StreamWriter(path, append: false, new UTF8Encoding(false));
        csv = CsvWriter.Create(file, Options, leaveOpen: true);
        csv.WriteRecord([.. columns]);
    }

    /// <summary>Rows written so far (header excluded).</summary>
    public int RowCount { get; private set; }

    /// <summary>Appends one row.</summary>
    public void WriteRow(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != columnCount)
        {
            throw new ArgumentException($"CsvTableWriter: row has {values.Length} values, the header has {columnCount}.", nameof(values));
        }

        csv.WriteRecord(Array.ConvertAll(values, Format));
        RowCount++;
    }

    /// <summary>Pushes the rows written so far to the file (for tables that grow while a run is in progress).</summary>
    public void Flush() => csv.Flush();

    public void Dispose()
    {
        csv.Dispose();
        file.Dispose();
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
