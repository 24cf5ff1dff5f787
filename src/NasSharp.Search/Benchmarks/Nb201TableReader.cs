using System.Globalization;
using NasSharp.Search.Ranking;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.Benchmarks;

/// <summary>Parses the CSV behind <see cref="Nb201Table"/> (through CsvHelper, so quoted fields work); every error names the source and line.</summary>
internal sealed class Nb201TableReader(TextReader reader, string source)
{
    internal delegate Nb201Table Factory(List<string> columns, Dictionary<string, double[]> metrics, int[] benchmarkIndex, bool[] present, int count);

    private string[] header = [];
    private int archField = -1;
    private int archIndexField = -1;
    private int opIndicesField = -1;
    private readonly List<(string Name, int Field, double[] Values)> metricFields = [];
    private readonly int[] rowLine = new int[Nb201Genotype.SpaceSize];
    private readonly int[] benchmarkIndex = new int[Nb201Genotype.SpaceSize];

    public Nb201Table Read(Factory factory)
    {
        using var rows = CsvRows.Read(reader, $"table '{source}'").GetEnumerator();
        ReadHeader(Next(rows) ? rows.Current.Fields : throw Error(1, "the file is empty (expected a header row)"));
        Array.Fill(benchmarkIndex, -1);
        var count = 0;
        while (Next(rows))
        {
            ReadRow(rows.Current.Fields, rows.Current.Line);
            count++;
        }

        var present = Array.ConvertAll(rowLine, l => l > 0);
        var metrics = metricFields.ToDictionary(m => m.Name, m => m.Values);
        return factory(metricFields.ConvertAll(m => m.Name), metrics, benchmarkIndex, present, count);
    }

    /// <summary>The next record; malformed quoting is this reader's documented <see cref="InvalidDataException"/>.</summary>
    private static bool Next(IEnumerator<(string[] Fields, int Line)> rows)
    {
        try
        {
            return rows.MoveNext();
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private void ReadHeader(string[] fields)
    {
        header = fields;
        for (var f = 0; f < header.Length; f++)
        {
            var name = header[f];
            if (Array.IndexOf(header, name) != f)
            {
                throw Error(1, $"column '{name}' appears twice");
            }

            switch (name)
            {
                case "arch" or "genotype": archField = f; break;
                case "arch_index": archIndexField = f; break;
                case "op_indices": opIndicesField = f; break;
                default: metricFields.Add((name, f, CreateColumn())); break;
            }
        }

        if (archField < 0)
        {
            throw Error(1, "no 'arch' column (the NB201 architecture string)");
        }
    }

    private void ReadRow(string[] fields, int line)
    {
        if (fields.Length != header.Length)
        {
            throw Error(line, $"{fields.Length} fields, the header has {header.Length}");
        }

        if (!Nb201Genotype.TryParse(fields[archField], out var genotype))
        {
            throw Error(line, $"malformed architecture '{fields[archField]}'");
        }

        var i = genotype.Index;
        if (rowLine[i] > 0)
        {
            throw Error(line, $"architecture '{fields[archField]}' duplicates line {rowLine[i]}");
        }

        rowLine[i] = line;
        CheckOpIndices(fields, genotype, line);
        if (archIndexField >= 0)
        {
            benchmarkIndex[i] = ParseField(fields, archIndexField, line, integer: true) is var v && v >= 0 ? (int)v
                : throw Error(line, $"negative arch_index '{fields[archIndexField]}'");
        }

        foreach (var (_, field, values) in metricFields)
        {
            values[i] = ParseField(fields, field, line, integer: false);
        }
    }

    private void CheckOpIndices(string[] fields, Nb201Genotype genotype, int line)
    {
        if (opIndicesField >= 0 && fields[opIndicesField] != genotype.ToOpIndices())
        {
            throw Error(line, $"op_indices '{fields[opIndicesField]}' do not match architecture '{fields[archField]}' ({genotype.ToOpIndices()})");
        }
    }

    private double ParseField(string[] fields, int field, int line, bool integer)
    {
        var style = integer ? NumberStyles.Integer : NumberStyles.Float;
        if (!double.TryParse(fields[field], style, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(line, $"column '{header[field]}' has a malformed value '{fields[field]}'");
        }

        return value;
    }

    private static double[] CreateColumn()
    {
        var values = new double[Nb201Genotype.SpaceSize];
        Array.Fill(values, double.NaN);
        return values;
    }

    private InvalidDataException Error(int line, string message) => new($"table '{source}' line {line}: {message}");
}
