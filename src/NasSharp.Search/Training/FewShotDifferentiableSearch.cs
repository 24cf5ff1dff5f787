using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// Few-shot differentiable search on any space and task (Zhao et al., ICML 2021, section 4.3: "few-shot DARTS / GDAS"):
/// run the method on the one-shot supernet for <c>parentEpochs</c> (the warm-up whose weights are transferred), split
/// it on one row into one sub-supernet per choice (<see cref="ChoiceSupernet.SplitChoices"/>), each initialised from
/// the parent's weights and alpha, run the method on each for the options' epochs, and keep the sub-supernet that
/// scores best. What a part's data and score are is the task's (<see cref="IFewShotPartRunner{TScore}"/>): images keep
/// the best accuracy on held-out images (<see cref="ImageFewShotPartRunner"/>), the recurrent searches the lowest
/// alpha-stream loss.
/// </summary>
public static class FewShotDifferentiableSearch
{
    /// <summary>The part name of the parent's warm-up (and its checkpoint folder).</summary>
    public const string OneShotPart = "oneshot";

    /// <summary>
    /// Runs the few-shot search. <paramref name="onStart"/> receives (part name, trainer) and <paramref name="onEpoch"/>
    /// (part name, epoch), where the part name is <see cref="OneShotPart"/> for the parent's warm-up and
    /// <c>split-ROW-CHOICE</c> otherwise (<see cref="PartName"/>). With <paramref name="checkpointDirectory"/>, every
    /// part checkpoints into its own subdirectory of that name and resumes from it.
    /// </summary>
    public static FewShotDifferentiableResult<TScore> Run<TScore>(
        ChoiceSupernet parent,
        DifferentiableSearchOptions options,
        (int Group, int Row) splitRow,
        int parentEpochs,
        IFewShotPartRunner<TScore> runner,
        Action<string, DifferentiableEpoch>? onEpoch = null,
        Action<string, DifferentiableTrainer>? onStart = null,
        string? checkpointDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runner);
        if (splitRow.Group < 0 || splitRow.Group >= parent.Shapes.Count || splitRow.Row < 0 || splitRow.Row >= parent.Shapes[splitRow.Group].Rows || parentEpochs < 0)
        {
            throw new ArgumentException($"Few-shot search: split row {splitRow.Row} of group {splitRow.Group} does not exist (rows 0..{parent.Shapes[0].Rows - 1}) or parent epochs ({parentEpochs}) are negative.");
        }

        DifferentiableSearchResult? warmUp = null;
        var parentTrainer = runner.CreateTrainer(parent, options with { Epochs = Math.Max(1, parentEpochs) }, null);
        if (parentEpochs > 0)
        {
            onStart?.Invoke(OneShotPart, parentTrainer);
            warmUp = runner.Search(parentTrainer, e => onEpoch?.Invoke(OneShotPart, e), Part(checkpointDirectory, OneShotPart));
        }

        var parts = new List<FewShotPart<TScore>>();
        foreach (var choice in parent.SplitChoices(splitRow.Group, splitRow.Row))
        {
            var split = new ChoiceSplit(splitRow.Group, splitRow.Row, choice);
            var child = runner.CreatePart(parent, split, options.Seed + 7 + choice);
            var trainer = runner.CreateTrainer(child, options with { Seed = options.Seed + 100 + choice }, parentTrainer.Tables);
            var name = PartName(parent, split);
            onStart?.Invoke(name, trainer);
            var result = runner.Search(trainer, e => onEpoch?.Invoke(name, e), Part(checkpointDirectory, name));
            parts.Add(new FewShotPart<TScore>(split, parent.SplitName(split), child, trainer, result, runner.Score(trainer, result)));
        }

        if (parts.Count == 0)
        {
            throw new ArgumentException($"Few-shot search: {parent.RowName(splitRow.Group, splitRow.Row)} has no choice to split on.");
        }

        var best = parts.OrderBy(p => p.Selection, runner.Preference).First();
        return new FewShotDifferentiableResult<TScore>(warmUp, parts, best);
    }

    /// <summary>
    /// The image search: parts are scored on <paramref name="selectionData"/> with their inherited weights and the most
    /// accurate is kept (<see cref="ImageFewShotPartRunner"/>).
    /// </summary>
    public static FewShotDifferentiableResult<ClassificationScore> Run(
        ChoiceSupernet parent,
        DifferentiableSearchOptions options,
        int imageSize,
        (int Group, int Row) splitRow,
        int parentEpochs,
        DataLoader weightData,
        DataLoader? architectureData,
        DataLoader selectionData,
        Action<string, DifferentiableEpoch>? onEpoch = null,
        Action<string, DifferentiableTrainer>? onStart = null,
        string? checkpointDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runner = new ImageFewShotPartRunner(imageSize, options.Method, weightData, architectureData, selectionData);
        return Run(parent, options, splitRow, parentEpochs, runner, onEpoch, onStart, checkpointDirectory);
    }

    private static string? Part(string? directory, string name) => directory == null ? null : Path.Combine(directory, name);

    /// <summary>The record name of a sub-supernet's part: <c>split-ROW-CHOICE</c> (<c>split-GROUP.ROW-CHOICE</c> outside group 0).</summary>
    public static string PartName(ChoiceSupernet parent, ChoiceSplit split)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return $"split-{(split.Group == 0 ? string.Empty : split.Group + ".")}{split.Row}-{parent.ChoiceName(split.Group, split.Choice)}";
    }
}
