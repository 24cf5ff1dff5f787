using System.Globalization;
using NasSharp.Search.Growth;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// What a recurrent search writes and prints as it goes: a line per epoch and <c>epochs.csv</c> (one row per epoch),
/// <c>architecture.csv</c> (softmax weights per epoch), <c>growth.csv</c> (growth events), and after the search
/// <c>alpha_loss.csv</c>. A few-shot search (<c>--fewshot</c>) has no growth; its rows start with the part they belong to
/// (<c>oneshot</c>, <c>split-ROW-CHOICE</c>, as the image searches' records), its epoch lines name the part and end with the
/// ETA of the whole search, and its summary lists every part and the one chosen. A resumed search replays its
/// checkpointed epochs through the same callbacks, so the files end as an uninterrupted run's.
/// </summary>
internal sealed class RecurrentSearchRecords : IDisposable
{
    private readonly RunDirectory run;
    private readonly TextWriter output;
    private readonly bool fewShot;
    private readonly CsvTableWriter epochs;
    private readonly CsvTableWriter architecture;
    private readonly CsvTableWriter? growth;
    private (string Name, int Epochs, int TotalEpochs) part = (RecurrentSearch.SearchPart, 0, 0);
    private int epochsDone;
    private double secondsDone;

    public RecurrentSearchRecords(RunDirectory run, RecurrentSearchOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        (this.run, this.output, fewShot) = (run, output, options.FewShot != null);
        epochs = run.CreateCsv("epochs.csv", Columns("epoch", "train_loss", "alpha_batch_loss", "learning_rate", "seconds", "genotype"));
        architecture = run.CreateCsv("architecture.csv", Columns("epoch", "group", "row", "choice", "probability"));
        growth = fewShot ? null : run.CreateCsv("growth.csv", ["epoch", "nodes_before", "nodes_after", "loss_before", "loss_after", "new_group", "new_edge", "new_edge_group", "contracted", "open_choices", "stop"]);
        Callbacks = new RecurrentSearch.Callbacks(Epoch, Growth, p => part = (p.Name, p.Epochs, p.TotalEpochs));
    }

    public RecurrentSearch.Callbacks Callbacks { get; }

    /// <summary>After the search, before retraining: <c>alpha_loss.csv</c>; a few-shot search's parts, printed and added to <paramref name="summary"/>.</summary>
    public void Searched(RecurrentSearchResult result, Dictionary<string, object?> summary)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(summary);
        using (var alpha = run.CreateCsv("alpha_loss.csv", Columns("epoch", "alpha_loss", "nodes", "node_steps", "seconds")))
        {
            foreach (var (name, search) in Searches(result))
            {
                foreach (var a in search.AlphaLosses)
                {
                    alpha.WriteRow(RowOf(name, a.Epoch, a.Loss, a.Nodes, a.NodeSteps, a.Seconds));
                }
            }
        }

        if (result.FewShot is { } f)
        {
            output.WriteLine(Invariant($"few-shot split of {f.SplitRow}: the part with the lowest alpha-stream loss is kept"));
            output.WriteLine(Invariant($"  {FewShotDifferentiableSearch.OneShotPart} (warm-up): alpha loss {f.WarmUp.AlphaLoss:F5}  {f.WarmUp.Genotype}"));
            foreach (var p in f.Parts)
            {
                output.WriteLine(Invariant($"  {p.Name}: alpha loss {p.AlphaLoss:F5}  {p.Search.Genotype}{(p == f.Chosen ? "  <- chosen" : string.Empty)}"));
            }

            summary["split_row"] = f.SplitRow;
            summary["split_chosen"] = f.Chosen.Split;
            summary["part_chosen"] = f.Chosen.Name;
            // Unrounded: these are the numbers the choice compared (null for a part whose loss is not finite: it diverged).
            summary["oneshot_alpha_loss"] = Finite(f.WarmUp.AlphaLoss);
            summary["oneshot_genotype"] = f.WarmUp.Genotype;
            summary["parts"] = f.Parts.Select(p => new Dictionary<string, object?>
            {
                ["part"] = p.Name, ["split"] = p.Split, ["alpha_loss"] = Finite(p.AlphaLoss), ["genotype"] = p.Search.Genotype,
                ["cell_params"] = p.Search.CellParameters, ["has_hadamard"] = p.Search.HasHadamard, ["chosen"] = p == f.Chosen,
            }).ToList();
        }
    }

    public void Dispose()
    {
        epochs.Dispose();
        architecture.Dispose();
        growth?.Dispose();
    }

    // Every search of the result in order, by part name: the one-shot search, or the warm-up and the parts.
    private static IEnumerable<(string Name, RecurrentSearchResult Search)> Searches(RecurrentSearchResult result) => result.FewShot is { } f
        ? [(FewShotDifferentiableSearch.OneShotPart, f.WarmUp), .. f.Parts.Select(p => (p.Name, p.Search))]
        : [(RecurrentSearch.SearchPart, result)];

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private string[] Columns(params string[] columns) => fewShot ? ["part", .. columns] : columns;

    private object?[] Row(params object?[] values) => fewShot ? [part.Name, .. values] : values;

    private object?[] RowOf(string name, params object?[] values) => fewShot ? [name, .. values] : values;

    private void Epoch(DifferentiableEpoch e)
    {
        epochs.WriteRow(Row(e.Epoch + 1, e.TrainLoss, e.ValidationLoss, e.LearningRate, e.Seconds, e.Architecture));
        for (var g = 0; g < e.Probabilities.Length; g++)
        {
            var choices = e.Probabilities[g].Length / Math.Max(1, e.Path[g].Length);
            for (var i = 0; i < e.Probabilities[g].Length; i++)
            {
                if (e.Probabilities[g][i] > 0)
                {
                    architecture.WriteRow(Row(e.Epoch + 1, g, i / choices, i % choices, e.Probabilities[g][i]));
                }
            }
        }

        epochs.Flush();
        architecture.Flush();
        var line = Invariant($"epoch {e.Epoch + 1,3}/{part.Epochs}  train loss {e.TrainLoss:F4}  alpha batch loss {e.ValidationLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-"}  {e.Seconds:F1}s  {e.Architecture}");
        if (fewShot)
        {
            // The ETA at the mean epoch time so far (replayed epochs of a resumed run count with their recorded time).
            (epochsDone, secondsDone) = (epochsDone + 1, secondsDone + e.Seconds);
            line = $"{part.Name} {line}  ETA {ProgressReporter.Duration(secondsDone / epochsDone * (part.TotalEpochs - epochsDone))}";
        }

        output.WriteLine(line);
        CliTermination.SafePoint(e);
    }

    private void Growth(GrowthRecord g)
    {
        if (growth == null)
        {
            return;
        }

        growth.WriteRow(g.Epoch, g.NodesBefore, g.NodesAfter, g.LossBefore, g.LossAfter, g.NewGroup, g.NewEdge?.ToString(), g.NewEdge?.Group, string.Join(' ', g.ContractedGroups), g.OpenChoices, g.Stop);
        growth.Flush();
        var edge = g.NewEdge is { } e ? $", edge s_{e.From} -> s_{e.To}" : string.Empty;
        output.WriteLine(Invariant($"growth after epoch {g.Epoch}: {g.NodesBefore} -> {g.NodesAfter} nodes{edge}, alpha loss {g.LossBefore:F5} -> {g.LossAfter:F5}{(g.Stop == GrowthStop.None ? string.Empty : $" (growth stops: {g.Stop})")}"));
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
