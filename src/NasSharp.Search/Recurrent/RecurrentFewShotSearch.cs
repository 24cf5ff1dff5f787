using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Training;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// Few-shot NAS on the recurrent spaces (Zhao et al., ICML 2021, section 4.3: a gradient-based method runs inside each
/// sub-supernet, and the best result is kept), through the one few-shot orchestration of every task
/// (<see cref="FewShotDifferentiableSearch"/>): the method searches the one-shot supernet for the options' epochs (the
/// warm-up, exactly the one-shot search of those epochs), the supernet is split on one mixed edge
/// (<see cref="RecurrentFewShotOptions.SplitEdge"/>) into one sub-supernet per operation its derivation can keep, each
/// starts from the parent's weights and alpha and is searched for the split epochs, and the part with the lowest
/// alpha-stream loss (held out, as the growth records read it) is chosen. Each part checkpoints into its own folder.
/// </summary>
public static class RecurrentFewShotSearch
{
    /// <summary>
    /// The (group, row) of mixed edge <paramref name="edge"/> of <paramref name="cell"/>: its nodes' rows in chain order
    /// (tib: node k's op row; darts-rnn: node 1 &lt;- 0, node 2 &lt;- 0, node 2 &lt;- 1, ...).
    /// </summary>
    public static (int Group, int Row) SplitRow(RecurrentSearchCell cell, int edge)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var rows = cell.NodeGroups.SelectMany(g => Enumerable.Range(0, cell.Shapes[g].Rows).Select(r => (g, r))).ToArray();
        return edge >= 0 && edge < rows.Length
            ? rows[edge]
            : throw new ArgumentException($"Recurrent search: --edge {edge} is out of range 0..{rows.Length - 1} for this cell.");
    }

    /// <summary>Runs the few-shot search on <paramref name="supernet"/> (built with its cell factory); the result is the chosen part's, with every part in <see cref="RecurrentSearchResult.FewShot"/>.</summary>
    public static RecurrentSearchResult Run<TBatch>(RecurrentSupernet supernet, RecurrentSearchPartRunner<TBatch> runner, RecurrentSearchOptions options, RecurrentFewShotOptions fewShot, RecurrentSearch.Callbacks? callbacks, string? checkpointDirectory)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fewShot);
        var row = SplitRow(supernet.Cell, fewShot.SplitEdge);
        var total = options.Search.Epochs + (supernet.SplitChoices(row.Group, row.Row).Count * fewShot.SplitEpochs);
        DifferentiableTrainer? parentTrainer = null;
        var result = FewShotDifferentiableSearch.Run(
            supernet, options.Search with { Epochs = fewShot.SplitEpochs }, row, options.Search.Epochs, runner,
            (_, e) => callbacks?.OnEpoch?.Invoke(e),
            (name, trainer) =>
            {
                parentTrainer ??= trainer;
                callbacks?.OnPart?.Invoke(new RecurrentSearchPart(name, trainer.Options.Epochs, total, trainer));
            },
            checkpointDirectory);
        var warmUp = runner.Score(parentTrainer!, result.WarmUp!);
        var parts = result.Parts.Select(p => new RecurrentFewShotPart(FewShotDifferentiableSearch.PartName(supernet, p.Split), p.SplitName, p.Selection)).ToList();
        var chosen = parts[result.Parts.ToList().IndexOf(result.Best)];
        return chosen.Search with { FewShot = new RecurrentFewShotResult(supernet.RowName(row.Group, row.Row), warmUp, parts, chosen) };
    }
}
