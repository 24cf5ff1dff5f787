using System.Globalization;
using System.Text;

namespace NasSharp.Store;

/// <summary>
/// Writes a CSV table row by row (RFC 4180 quoting, <c>\n</c> line ends, invariant culture; doubles in
/// round-trip form, null as an empty field). Rows must have as many values as the header.
/// </summary>
public sealed class CsvTableWriter : IDisposable
{
    private readonly StreamWriter writer;
    private readonly int columnCount;
    private readonly StringBuilder line = new();

    /// <summary>Creates (or overwrites) <paramref name="path"/> and writes the header.</summary>
    public CsvTableWriter(string path, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("CsvTableWriter: a table needs at least one column.", nameof(columns));
        }

        columnCount = columns.Count;
        writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        WriteFields(columns);
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

        WriteFields(values);
        RowCount++;
    }

    /// <summary>Pushes the rows written so far to the file (for tables that grow while a run is in progress).</summary>
    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();

    private void WriteFields<T>(IReadOnlyList<T> values)
    {
        line.Clear();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            AppendField(Format(values[i]));
        }

        writer.WriteLine(line);
    }

    private void AppendField(string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            line.Append(field);
            return;
        }

        line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
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
