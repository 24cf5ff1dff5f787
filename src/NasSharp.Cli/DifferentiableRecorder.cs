using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// Writes a differentiable search's progress into its run directory as it goes, for every space: <c>epochs.csv</c> (one
/// row per epoch), <c>architecture.csv</c> (alpha and the probabilities of every (group, row, choice) per epoch, epoch 0
/// the initial state), <c>architecture.json</c> (the same as nested arrays) and <c>search[-PART].svg</c> (one panel per
/// row with its choices' probabilities, then the loss and accuracy curves). Parts name the searches of a few-shot run
/// (the one-shot warm-up, each split). The files are small and rewritten after every epoch, so each is complete at any
/// moment (a killed run leaves no half row).
/// </summary>
internal sealed class DifferentiableRecorder
{
    private static readonly string[] EpochColumns = ["part", "epoch", "child", "train_loss", "train_accuracy", "valid_loss", "valid_accuracy", "temperature", "lr", "genotype", "skip_connections", "seconds", "flops"];
    private static readonly string[] ArchitectureColumns = ["part", "epoch", "group", "row", "row_name", "choice", "alpha", "probability"];

    private readonly RunDirectory run;
    private readonly string title;
    private readonly List<Part> parts = [];

    // Resume: the alpha each (part, epoch) had when first recorded. A resumed search replays its finished epochs from the
    // checkpoint's records, which hold the probabilities but not the logits, and the trainer then holds the last epoch's.
    private readonly Dictionary<(string Part, double Epoch), float[][]> recordedAlpha = [];

    /// <summary>Records into <paramref name="run"/>; with <paramref name="resume"/>, keeps the alpha already recorded there for replayed epochs.</summary>
    public DifferentiableRecorder(RunDirectory run, string title, bool resume = false)
    {
        this.run = run;
        this.title = title;
        if (resume && File.Exists(run.FilePath("architecture.json")))
        {
            foreach (var s in run.ReadJson<List<Snapshot>>("architecture.json") ?? [])
            {
                recordedAlpha[(s.Part, s.Epoch)] = s.Alpha;
            }
        }
    }

    /// <summary>Starts a part with the trainer's initial distribution (written as epoch 0).</summary>
    public void Begin(string part, DifferentiableTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var p = new Part(part, trainer);
        p.Snapshots.Add((0, trainer.Tables.Logits(), trainer.Probabilities()));
        parts.Add(p);
        Rewrite(p);
    }

    /// <summary>Records one finished epoch of <paramref name="part"/> and refreshes the files.</summary>
    public void Add(string part, DifferentiableEpoch record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var p = parts.Find(x => x.Name == part) ?? throw new InvalidOperationException($"DifferentiableRecorder: part {part} was not begun.");
        p.History.Add(record);
        if (!record.Child)
        {
            var logits = recordedAlpha.TryGetValue((part, record.Epoch + 1), out var alpha) ? alpha : p.Trainer.Tables.Logits();
            p.Snapshots.Add((record.Epoch + 1, logits, record.Probabilities));
        }

        Rewrite(p);
    }

    private void Rewrite(Part changed)
    {
        using (var epochs = run.CreateCsv("epochs.csv", EpochColumns))
        {
            foreach (var p in parts)
            {
                foreach (var e in p.History)
                {
                    // Accuracies in percent, as in every output file.
                    epochs.WriteRow(p.Name, e.Epoch + 1, e.Child ? 1 : 0, e.TrainLoss, 100 * e.TrainAccuracy, e.ValidationLoss, 100 * e.ValidationAccuracy, e.Temperature, e.LearningRate, e.Architecture,
                        DifferentiableSearch.SkipConnections(p.Trainer.Supernet, e.Path), e.Seconds, e.Flops);
                }
            }
        }

        using (var architecture = run.CreateCsv("architecture.csv", ArchitectureColumns))
        {
            foreach (var p in parts)
            {
                var net = p.Trainer.Supernet;
                foreach (var (epoch, logits, probabilities) in p.Snapshots)
                {
                    for (var g = 0; g < net.Shapes.Count; g++)
                    {
                        var (rows, choices) = net.Shapes[g];
                        for (var r = 0; r < rows; r++)
                        {
                            for (var k = 0; k < choices; k++)
                            {
                                var i = (r * choices) + k;
                                architecture.WriteRow(p.Name, epoch, g, r, net.RowName(g, r), net.ChoiceName(g, k), logits[g][i], probabilities[g][i]);
                            }
                        }
                    }
                }
            }
        }

        run.WriteJson("architecture.json", parts.SelectMany(p => p.Snapshots.Select(s => new { part = p.Name, epoch = s.Epoch, alpha = s.Logits, probabilities = s.Probabilities })).ToList());
        var last = changed.History.Count > 0 ? ": " + changed.History[^1].Architecture : string.Empty;
        SvgChart.Write(run.FilePath(changed.Name == "search" ? "search.svg" : $"search-{changed.Name}.svg"), $"{title} [{changed.Name}]{last}", Panels(changed), columns: 4);
    }

    private static List<SvgPanel> Panels(Part p)
    {
        var net = p.Trainer.Supernet;
        var panels = new List<SvgPanel>();
        var x = p.Snapshots.Select(s => s.Epoch).ToArray();
        for (var g = 0; g < net.Shapes.Count; g++)
        {
            var (rows, choices) = net.Shapes[g];
            for (var r = 0; r < rows; r++)
            {
                var series = Enumerable.Range(0, choices).Select(k => new SvgSeries(net.ChoiceName(g, k), x, p.Snapshots.Select(s => (double)s.Probabilities[g][(r * choices) + k]).ToArray())).ToList();
                panels.Add(new SvgPanel(net.RowName(g, r), series, 0, 1));
            }
        }

        var epochs = p.History.Select(h => h.Epoch + 1.0).ToArray();
        panels.Add(new SvgPanel("loss", [new SvgSeries("train", epochs, p.History.Select(h => h.TrainLoss).ToArray()), new SvgSeries("valid", epochs, p.History.Select(h => h.ValidationLoss ?? double.NaN).ToArray())]));
        panels.Add(new SvgPanel("accuracy (%)", [new SvgSeries("train", epochs, p.History.Select(h => 100 * h.TrainAccuracy).ToArray()), new SvgSeries("valid", epochs, p.History.Select(h => 100 * h.ValidationAccuracy ?? double.NaN).ToArray())], 0, 100));
        return panels;
    }

    private sealed record Snapshot(string Part, double Epoch, float[][] Alpha);

    private sealed record Part(string Name, DifferentiableTrainer Trainer)
    {
        public List<DifferentiableEpoch> History { get; } = [];

        public List<(double Epoch, float[][] Logits, float[][] Probabilities)> Snapshots { get; } = [];
    }
}
