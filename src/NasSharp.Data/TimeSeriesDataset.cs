using System.Globalization;
using CsvHelper;

namespace NasSharp.Data;

/// <summary>
/// A multivariate numeric series in the LSTNet layout (Lai et al. 2018, data at
/// laiguokun/multivariate-time-series-data): one row per time step, comma-separated values, one column
/// per variable, no header (read through CsvHelper, so quoted fields work); raw or gzip (detected by magic bytes). Blank lines are skipped, as numpy's
/// loadtxt does. Each column is scaled by its maximum absolute value over the whole file (LSTNet
/// utils.py, normalize = 2); an all-zero column keeps scale 1 rather than dividing by zero.
/// </summary>
public sealed class TimeSeriesDataset
{
    // The separator is always a comma (no sniffing); whitespace around a field is trimmed, as float parsing did.
    private static readonly CsvReaderOptions CsvOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
    };

    private readonly float[] raw;
    private readonly float[] scaled;
    private readonly float[] scale;

    /// <summary>Wraps <paramref name="values"/> ([rows, columns], row-major) without copying.</summary>
    public TimeSeriesDataset(string name, float[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (rows <= 0 || columns <= 0 || (long)rows * columns != values.Length)
        {
            throw new ArgumentException($"TimeSeriesDataset {name}: {values.Length} values do not form {rows} rows of {columns} columns.");
        }

        Name = name;
        raw = values;
        Rows = rows;
        Columns = columns;
        scale = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var max = 0f;
            for (var t = 0; t < rows; t++)
            {
                max = Math.Max(max, Math.Abs(values[(t * columns) + c]));
            }

            scale[c] = max > 0 ? max : 1f;
        }

        scaled = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            scaled[i] = values[i] / scale[i % columns];
        }
    }

    public string Name { get; }

    /// <summary>Number of time steps (T).</summary>
    public int Rows { get; }

    /// <summary>Number of variables (m).</summary>
    public int Columns { get; }

    /// <summary>The values as read, [Rows, Columns].</summary>
    public ReadOnlySpan<float> Raw => raw;

    /// <summary>The values divided by their column's scale, [Rows, Columns]; models see these.</summary>
    public ReadOnlySpan<float> Scaled => scaled;

    /// <summary>The per-column scale: max |value| of the column.</summary>
    public ReadOnlySpan<float> Scale => scale;

    /// <summary>
    /// Loads a comma-separated file through CsvHelper (RFC 4180: a field may be double-quoted, as spreadsheet exports
    /// write numbers); ragged rows, malformed quoting and non-numeric values are errors naming the file, line and column.
    /// </summary>
    public static TimeSeriesDataset Load(string path, string? name = null)
    {
        var values = new List<float>();
        var columns = -1;
        var rows = 0;
        using (var reader = DataFile.OpenText(path))
        using (var csv = CsvReader.Create(reader, CsvOptions, leaveOpen: true))
        {
            while (Next(csv, path))
            {
                // A line of only blanks is skipped, as numpy's loadtxt does.
                if (csv.FieldCount == 1 && string.IsNullOrWhiteSpace(csv.GetString(0)))
                {
                    continue;
                }

                columns = AppendRow(csv, path, columns, values);
                rows++;
            }
        }

        if (rows == 0)
        {
            throw new InvalidDataException($"{path}: no data rows.");
        }

        return new TimeSeriesDataset(name ?? Path.GetFileName(path), [.. values], rows, columns);
    }

    /// <summary>
    /// Loads the series called <paramref name="name"/> (e.g. exchange_rate) from a data directory: the first
    /// of name.txt[.gz] in the directory, its timeseries/ or its name/ subfolder (the layout of
    /// laiguokun/multivariate-time-series-data). A missing file is an error listing the places looked at.
    /// </summary>
    public static TimeSeriesDataset LoadNamed(string name, string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(directory);
        var candidates = new[] { directory, Path.Combine(directory, "timeseries"), Path.Combine(directory, name) }
            .SelectMany(folder => new[] { Path.Combine(folder, name + ".txt"), Path.Combine(folder, name + ".txt.gz") })
            .ToList();
        var path = candidates.Find(File.Exists)
            ?? throw new FileNotFoundException($"Series {name}: none of {string.Join(", ", candidates)} exists.");
        return Load(path, name);
    }

    /// <summary>
    /// The LSTNet samples for inputs of <paramref name="window"/> rows and a target
    /// <paramref name="horizon"/> steps after the last input row, split chronologically 60/20/20.
    /// </summary>
    public SeriesWindows Windows(int window, int horizon) => new(this, window, horizon);

    /// <summary>Multiplies values in scaled units ([n, Columns], row-major) by the column scales, in place (for RSE in data units).</summary>
    public void Unscale(Span<float> values)
    {
        if (values.Length % Columns != 0)
        {
            throw new ArgumentException($"Unscale ({Name}): {values.Length} values are not whole rows of {Columns} columns.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale[i % Columns];
        }
    }

    private static bool Next(CsvReader csv, string path)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException ex)
        {
            throw new InvalidDataException($"{path}, line {ex.LineNumber}: malformed CSV quoting ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    /// <summary>Parses one record into <paramref name="values"/>; returns its column count, which must equal <paramref name="columns"/> unless this is the first row (-1).</summary>
    private static int AppendRow(CsvReader csv, string path, int columns, List<float> values)
    {
        var lineNumber = (int)csv.LineNumber;
        if (columns >= 0 && csv.FieldCount != columns)
        {
            throw new InvalidDataException($"{path}, line {lineNumber}: ragged row: {csv.FieldCount} columns where the first row has {columns}.");
        }

        for (var c = 0; c < csv.FieldCount; c++)
        {
            values.Add(ParseValue(csv.GetString(c) ?? string.Empty, path, lineNumber, c));
        }

        return csv.FieldCount;
    }

    private static float ParseValue(string field, string path, int line, int column)
    {
        if (!float.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            throw new InvalidDataException($"{path}, line {line}, column {column + 1}: '{field}' is not a finite number.");
        }

        return value;
    }
}
