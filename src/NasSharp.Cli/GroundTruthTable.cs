using System.Globalization;
using System.Text;
using CsvHelper;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// The ground-truth CSV, the file <see cref="FileName"/> of the <c>--out</c> directory, accuracies in percent:
/// NAS-Bench-201 <c>genotype,op_indices,conv_count,test_accuracy,...</c>; chain
/// <c>genotype,test_accuracy,valid_accuracy,train_accuracy,test_loss,train_seconds,first_layer,params</c> (the score
/// second, so <c>nas rank</c> reads it by default; the block of layer 0 is the few-shot split's). One flushed line per finished
/// architecture, appended in the order units finish, each architecture once. The store holds the results; this file
/// is their table for <c>nas rank</c> and <c>--table</c>, and a foreign file is never overwritten.
/// </summary>
internal sealed class GroundTruthTable
{
    /// <summary>The table's name inside the --out directory.</summary>
    public const string FileName = "groundtruth.csv";

    private const string Columns = "op_indices,conv_count,test_accuracy,valid_accuracy,train_accuracy,test_loss,train_seconds";
    private const string Header = "genotype," + Columns;

    // Tables written before the one vocabulary named the first column arch; they are appended to as they are.
    private const string OldHeader = "arch," + Columns;

    private const string ChainHeader = "genotype,test_accuracy,valid_accuracy,train_accuracy,test_loss,train_seconds,first_layer,params";
    private readonly string path;
    private readonly SearchSpaceKind space;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly int doneAtStart;

    public GroundTruthTable(string path, SearchSpaceKind space = SearchSpaceKind.Nb201)
    {
        this.path = path;
        this.space = space;
        Done = Existing(path, space);
        doneAtStart = Done.Count;
    }

    /// <summary>The architectures (text form) already in the file.</summary>
    public HashSet<string> Done { get; }

    /// <summary>Appends the complete trials not yet in the file, printing one progress line each with the ETA of the rest (at this process's mean rate).</summary>
    public void AppendFinished(IReadOnlyList<TrialRecord> complete, int total, TextWriter writer)
    {
        foreach (var trial in complete.Where(t => !Done.Contains(t.Genotype)))
        {
            var m = trial.Result!.Metrics;
            if (space == SearchSpaceKind.Chain)
            {
                AppendChain(ChainGenotype.Parse(trial.Genotype), m);
            }
            else
            {
                Append(Nb201Genotype.Parse(trial.Genotype), m);
            }

            Done.Add(trial.Genotype);
            var eta = ProgressReporter.Eta(clock.Elapsed, Done.Count - doneAtStart, total - Done.Count);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{Done.Count}/{total}] test {m["test_accuracy"]:F2}%  valid {m["valid_accuracy"]:F2}%  {m["train_seconds"]:F0} s  {trial.Genotype}  ({trial.WorkerId})  ETA {eta}"));
        }
    }

    private static HashSet<string> Existing(string path, SearchSpaceKind space)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadAllLines(path);
        var header = space == SearchSpaceKind.Chain ? ChainHeader : Header;
        if (lines.Length == 0 || !(lines[0] == header || (space != SearchSpaceKind.Chain && lines[0] == OldHeader)))
        {
            throw new InvalidDataException($"{path} exists but is not a ground-truth table of this format (header '{header}'); choose another --out");
        }

        // The first field of each row, read as CSV: a chain genotype is quoted (it holds commas).
        using var reader = new StringReader(string.Join('\n', lines.Skip(1)));
        using var csv = CsvReader.Create(reader, CsvReaderOptions.Default with { Separator = ',', HasHeader = false, SkipEmptyLines = true }, leaveOpen: true);
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            done.Add(csv.GetString(0) ?? string.Empty);
        }

        return done;
    }

    // One flushed line per architecture: a killed run loses no finished row (the store still has it anyway).
    private void Append(Nb201Genotype genotype, IReadOnlyDictionary<string, double> m) => AppendRow(Header,
        genotype.ToString(),
        genotype.ToOpIndices(),
        ArchitectureSample.ConvolutionCount(genotype).ToString(CultureInfo.InvariantCulture),
        F(m["test_accuracy"]), F(m["valid_accuracy"]), F(m["train_accuracy"]), F(m["test_loss"]), F(m["train_seconds"]));

    private void AppendChain(ChainGenotype genotype, IReadOnlyDictionary<string, double> m) => AppendRow(ChainHeader,
        genotype.ToString(),
        F(m["test_accuracy"]), F(m["valid_accuracy"]), F(m["train_accuracy"]), F(m["test_loss"]), F(m["train_seconds"]),
        ChainGenotype.Name(genotype.Choices[0]),
        F(m["params"]));

    // Through CsvHelper, which quotes a field only when it needs it (a chain genotype holds commas; NB201 rows need none).
    private void AppendRow(string header, params string[] fields)
    {
        var fresh = !File.Exists(path);
        using var stream = new StreamWriter(path, append: true, new UTF8Encoding(false)) { NewLine = "\n" };
        if (fresh)
        {
            stream.WriteLine(header);
        }

        using (var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord(fields);
        }
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
