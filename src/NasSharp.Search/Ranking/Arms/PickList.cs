namespace NasSharp.Search.Ranking.Arms;

/// <summary>
/// The architectures searches picked, read in order from a CSV with a <c>genotype</c> column: a search run's
/// <c>repeats.csv</c> (one pick per repeat) or any table of picks. Repeated picks are kept (each is one search's answer).
/// </summary>
public static class PickList
{
    /// <summary>File name of a search run's per-repeat picks.</summary>
    public const string RepeatsFile = "repeats.csv";

    /// <summary>The genotype column of <paramref name="path"/> (a CSV, or a run directory holding <see cref="RepeatsFile"/>).</summary>
    /// <exception cref="ArgumentException">No such file, no genotype column, or no rows.</exception>
    public static IReadOnlyList<string> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Directory.Exists(path) ? Path.Combine(path, RepeatsFile) : path;
        if (!File.Exists(file))
        {
            throw new ArgumentException($"picks: {file} does not exist (give a search run directory with {RepeatsFile}, or a CSV with a genotype column)");
        }

        using var reader = new StreamReader(file);
        using var rows = CsvRows.Read(reader, file).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new ArgumentException($"picks: {file} is empty");
        }

        var column = Array.IndexOf(rows.Current.Fields, "genotype");
        if (column < 0)
        {
            throw new ArgumentException($"picks: {file} has no genotype column (header: {string.Join(",", rows.Current.Fields)})");
        }

        var picks = new List<string>();
        while (rows.MoveNext())
        {
            var (fields, line) = rows.Current;
            picks.Add(column < fields.Length && fields[column].Length > 0 ? fields[column] : throw new ArgumentException($"picks: {file} line {line} has no genotype"));
        }

        return picks.Count > 0 ? picks : throw new ArgumentException($"picks: {file} has a header but no rows");
    }
}
