using NasSharp.Search.Spaces;

namespace NasSharp.Search.Benchmarks;

/// <summary>
/// A NAS-Bench-201 tabular benchmark loaded from CSV (layout documented with the data: header row,
/// then one row per architecture; fields are not quoted). The <c>arch</c> column (the benchmark
/// string) is required and identifies the row; <c>arch_index</c> (the benchmark's own index) and
/// <c>op_indices</c> (checked against <c>arch</c>) are optional; every other column is a numeric metric.
/// A table may hold any subset of the 15,625 architectures. Immutable after loading.
/// </summary>
public sealed class Nb201Table
{
    private const string ArchColumn = "arch";
    private const string ArchIndexColumn = "arch_index";
    private const string OpIndicesColumn = "op_indices";

    private readonly Dictionary<string, double[]> metrics;
    private readonly int[] benchmarkIndex;
    private readonly bool[] present;

    private Nb201Table(string source, List<string> columns, Dictionary<string, double[]> metrics, int[] benchmarkIndex, bool[] present, int count)
    {
        Source = source;
        Columns = columns;
        this.metrics = metrics;
        this.benchmarkIndex = benchmarkIndex;
        this.present = present;
        Count = count;
    }

    /// <summary>Where the table came from (the file path), for messages.</summary>
    public string Source { get; }

    /// <summary>The numeric metric columns, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of architectures (rows).</summary>
    public int Count { get; }

    /// <summary>Loads the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A row is malformed or an architecture repeats.</exception>
    public static Nb201Table Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"table file '{path}' not found", path);
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads a table from <paramref name="reader"/>; <paramref name="source"/> names it in messages.</summary>
    public static Nb201Table Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Nb201TableReader(reader, source).Read(
            (columns, metrics, benchmarkIndex, present, count) => new Nb201Table(source, columns, metrics, benchmarkIndex, present, count));
    }

    /// <summary>True when the table has a metric column called <paramref name="column"/>.</summary>
    public bool HasColumn(string column) => metrics.ContainsKey(column);

    /// <summary>True when the table has a row for <paramref name="genotype"/>.</summary>
    public bool Contains(Nb201Genotype genotype) => present[genotype.Index];

    /// <summary>The architectures in the table, in index order.</summary>
    public IEnumerable<Nb201Genotype> Genotypes()
    {
        for (var i = 0; i < present.Length; i++)
        {
            if (present[i])
            {
                yield return new Nb201Genotype(i);
            }
        }
    }

    /// <summary>The value of <paramref name="column"/> for <paramref name="genotype"/>.</summary>
    /// <exception cref="ArgumentException">Unknown column, or the genotype is not in the table.</exception>
    public double Get(Nb201Genotype genotype, string column)
    {
        var values = ColumnValues(column).Span;
        return Contains(genotype) ? values[genotype.Index] : throw NotInTable(genotype);
    }

    /// <summary>
    /// A whole column indexed by <see cref="Nb201Genotype.Index"/> (NaN where the table has no row),
    /// for evaluators that query in a loop.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown column; the message lists the available ones.</exception>
    public ReadOnlyMemory<double> ColumnValues(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (!metrics.TryGetValue(column, out var values))
        {
            throw new ArgumentException($"unknown column '{column}' in table '{Source}' (columns: {string.Join(", ", Columns)})", nameof(column));
        }

        return values;
    }

    /// <summary>The benchmark's own <c>arch_index</c> of a genotype, or null when the table has no such column.</summary>
    public int? BenchmarkIndex(Nb201Genotype genotype)
    {
        if (!Contains(genotype))
        {
            throw NotInTable(genotype);
        }

        var index = benchmarkIndex[genotype.Index];
        return index < 0 ? null : index;
    }

    internal ArgumentException NotInTable(Nb201Genotype genotype) =>
        new($"architecture {genotype} is not in table '{Source}'", nameof(genotype));


}
