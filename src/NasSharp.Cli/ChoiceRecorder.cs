using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training.Choices;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The run-directory records of a choice-space search: epochs.csv, architecture.csv (softmax of every table row per
/// epoch, epoch 0 the initial state) and search.svg (one panel per table row with its choices' probabilities, then the
/// loss and accuracy curves), refreshed after every epoch.
/// </summary>
internal sealed class ChoiceRecorder
{
    private static readonly string[] EpochColumns = ["epoch", "child", "train_loss", "train_accuracy", "valid_loss", "valid_accuracy", "temperature", "lr", "architecture", "seconds", "flops"];
    private static readonly string[] ArchitectureColumns = ["epoch", "group", "row", "row_name", "choice", "probability"];

    private readonly RunDirectory run;
    private readonly string title;
    private readonly ChoiceSupernet supernet;
    private readonly List<(double Epoch, float[][] Probabilities)> distributions = [];
    private readonly List<ChoiceEpoch> history = [];

    public ChoiceRecorder(RunDirectory run, string title, ChoiceSupernet supernet, float[][] initial)
    {
        this.run = run;
        this.title = title;
        this.supernet = supernet;
        using (run.CreateCsv("epochs.csv", EpochColumns))
        using (run.CreateCsv("architecture.csv", ArchitectureColumns))
        {
        }

        distributions.Add((0, initial));
        Rewrite();
    }

    public void Add(ChoiceEpoch record)
    {
        history.Add(record);
        if (!record.Child)
        {
            distributions.Add((record.Epoch + 1, record.Probabilities));
        }

        Rewrite();
    }

    // The files are small; rewriting them keeps every one complete at any moment.
    private void Rewrite()
    {
        using (var epochs = run.CreateCsv("epochs.csv", EpochColumns))
        {
            foreach (var e in history)
            {
                epochs.WriteRow(e.Epoch + 1, e.Child ? 1 : 0, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.Temperature, e.LearningRate, e.Architecture, e.Seconds, e.Flops);
            }
        }

        using (var architecture = run.CreateCsv("architecture.csv", ArchitectureColumns))
        {
            foreach (var (epoch, probabilities) in distributions)
            {
                for (var g = 0; g < supernet.Shapes.Count; g++)
                {
                    var (rows, choices) = supernet.Shapes[g];
                    for (var r = 0; r < rows; r++)
                    {
                        for (var k = 0; k < choices; k++)
                        {
                            architecture.WriteRow(epoch, g, r, supernet.RowName(g, r), supernet.ChoiceName(g, k), probabilities[g][(r * choices) + k]);
                        }
                    }
                }
            }
        }

        SvgChart.Write(run.FilePath("search.svg"), title + (history.Count > 0 ? ": " + history[^1].Architecture : string.Empty), Panels(), columns: 4);
    }

    private List<SvgPanel> Panels()
    {
        var panels = new List<SvgPanel>();
        var x = distributions.Select(d => d.Epoch).ToArray();
        for (var g = 0; g < supernet.Shapes.Count; g++)
        {
            var (rows, choices) = supernet.Shapes[g];
            for (var r = 0; r < rows; r++)
            {
                var series = Enumerable.Range(0, choices).Select(k => new SvgSeries(supernet.ChoiceName(g, k), x, distributions.Select(d => (double)d.Probabilities[g][(r * choices) + k]).ToArray())).ToList();
                panels.Add(new SvgPanel(supernet.RowName(g, r), series, 0, 1));
            }
        }

        var epochs = history.Select(h => h.Epoch + 1.0).ToArray();
        panels.Add(new SvgPanel("loss", [new SvgSeries("train", epochs, history.Select(h => h.TrainLoss).ToArray()), new SvgSeries("valid", epochs, history.Select(h => h.ValidationLoss ?? double.NaN).ToArray())]));
        panels.Add(new SvgPanel("accuracy", [new SvgSeries("train", epochs, history.Select(h => h.TrainAccuracy).ToArray()), new SvgSeries("valid", epochs, history.Select(h => h.ValidationAccuracy ?? double.NaN).ToArray())], 0, 1));
        return panels;
    }
}
