using System.Globalization;
using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// Writes a differentiable search's progress into its run directory as it goes: <c>epochs.csv</c> (one row per
/// epoch), <c>architecture.csv</c> (alpha and softmax(alpha) per edge and op, per epoch), <c>architecture.json</c>
/// (the same as nested arrays, rewritten each epoch) and <c>search[-PART].svg</c> (the distribution per edge and the
/// loss curves, rewritten each epoch). Parts name the searches of a few-shot run (the one-shot warm-up, each split).
/// </summary>
internal sealed class DifferentiableRecorder : IDisposable
{
    private static readonly string[] EpochColumns = ["part", "epoch", "child", "train_loss", "train_accuracy", "valid_loss", "valid_accuracy", "temperature", "lr", "genotype", "skip_connections", "seconds", "flops"];
    private static readonly string[] ArchitectureColumns = ["part", "epoch", "edge", "edge_nodes", "op", "alpha", "probability"];

    private readonly RunDirectory run;
    private readonly string title;
    private readonly CsvTableWriter epochs;
    private readonly CsvTableWriter architecture;
    private readonly List<object> snapshots = [];
    private readonly Dictionary<string, (ArchitectureDistribution Initial, List<DifferentiableEpoch> History)> parts = [];

    public DifferentiableRecorder(RunDirectory run, string title)
    {
        this.run = run;
        this.title = title;
        epochs = run.CreateCsv("epochs.csv", EpochColumns);
        architecture = run.CreateCsv("architecture.csv", ArchitectureColumns);
    }

    /// <summary>Starts a part with its initial distribution (written as epoch 0).</summary>
    public void Begin(string part, ArchitectureDistribution initial)
    {
        parts[part] = (initial, []);
        WriteDistribution(part, 0, initial);
    }

    /// <summary>Records one finished epoch of <paramref name="part"/> and refreshes the files.</summary>
    public void Add(string part, DifferentiableEpoch record)
    {
        var (initial, history) = parts[part];
        history.Add(record);
        epochs.WriteRow(part, record.Epoch + 1, record.Child ? 1 : 0, record.TrainLoss, record.TrainAccuracy, record.ValidationLoss, record.ValidationAccuracy,
            record.Temperature, record.LearningRate, record.Genotype.ToString(), ArchitectureDistribution.SkipConnections(record.Genotype), record.Seconds, record.Flops);
        if (!record.Child)
        {
            WriteDistribution(part, record.Epoch + 1, record.Distribution);
        }

        epochs.Flush();
        architecture.Flush();
        run.WriteJson("architecture.json", snapshots);
        SvgChart.Write(run.FilePath(part == "search" ? "search.svg" : $"search-{part}.svg"), $"{title} [{part}]: {record.Genotype}", DifferentiablePlot.Panels(initial, history), columns: 4);
    }

    public void Dispose()
    {
        epochs.Dispose();
        architecture.Dispose();
    }

    private void WriteDistribution(string part, int epoch, ArchitectureDistribution distribution)
    {
        var rows = new List<float[]>();
        for (var e = 0; e < Nb201Genotype.EdgeCount; e++)
        {
            var (from, to) = Nb201Genotype.EdgeNodes(e);
            foreach (var op in Nb201Operations.All)
            {
                var i = (e * Nb201Genotype.OpCount) + (int)op;
                architecture.WriteRow(part, epoch, e, string.Create(CultureInfo.InvariantCulture, $"{to}<-{from}"), Nb201Operations.Name(op), distribution.Alpha[i], distribution.Probabilities[i]);
            }

            rows.Add(distribution.Probabilities.Skip(e * Nb201Genotype.OpCount).Take(Nb201Genotype.OpCount).ToArray());
        }

        snapshots.Add(new { part, epoch, genotype = distribution.Derive().ToString(), ops = Nb201Operations.All.Select(Nb201Operations.Name).ToArray(), probabilities = rows });
    }
}
