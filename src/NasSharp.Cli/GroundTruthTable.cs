using System.Globalization;
using System.Text;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>
/// The ground-truth CSV (<c>genotype,op_indices,conv_count,test_accuracy,...</c>, accuracies in percent), the file
/// <see cref="FileName"/> of the <c>--out</c> directory: one flushed line per finished
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
    private readonly string path;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly int doneAtStart;

    public GroundTruthTable(string path)
    {
        this.path = path;
        Done = Existing(path);
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
            Append(Nb201Genotype.Parse(trial.Genotype), m);
            Done.Add(trial.Genotype);
            var eta = ProgressReporter.Eta(clock.Elapsed, Done.Count - doneAtStart, total - Done.Count);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{Done.Count}/{total}] test {m["test_accuracy"]:F2}%  valid {m["valid_accuracy"]:F2}%  {m["train_seconds"]:F0} s  {trial.Genotype}  ({trial.WorkerId})  ETA {eta}"));
        }
    }

    private static HashSet<string> Existing(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] is not (Header or OldHeader))
        {
            throw new InvalidDataException($"{path} exists but is not a ground-truth table of this format (header '{Header}'); choose another --out");
        }

        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
    }

    // One flushed line per architecture: a killed run loses no finished row (the store still has it anyway).
    private void Append(Nb201Genotype genotype, IReadOnlyDictionary<string, double> m)
    {
        var fresh = !File.Exists(path);
        using var stream = new StreamWriter(path, append: true, new UTF8Encoding(false)) { NewLine = "\n" };
        if (fresh)
        {
            stream.WriteLine(Header);
        }

        stream.WriteLine(string.Join(',',
            genotype.ToString(),
            genotype.ToOpIndices(),
            ArchitectureSample.ConvolutionCount(genotype).ToString(CultureInfo.InvariantCulture),
            F(m["test_accuracy"]), F(m["valid_accuracy"]), F(m["train_accuracy"]), F(m["test_loss"]), F(m["train_seconds"])));
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
