using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// "Uniform then softmax": first-order DARTS whose architecture parameters stay at their near-uniform start for the
/// first quarter of the search epochs, so the weights warm up on the uniform mixture before alpha starts to move (the
/// weight warm-up of P-DARTS, Chen et al. 2019, and of FairDARTS, Chu et al. 2020, against DARTS's early bias toward
/// parameter-free operations); DARTS after that.
/// </summary>
[DifferentiableMethod(DifferentiableMethod.DartsWarmup, "darts-warmup", Bilevel = true, Continuous = true)]
public sealed class DartsWarmupTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs, ChoiceTables? initialTables)
    : DartsTrainer(supernet, options, imageSize, scheduleEpochs, initialTables)
{
    /// <summary>Epochs of the warm-up: a quarter of the search, rounded down.</summary>
    public int WarmupEpochs => Options.Epochs / 4;

    protected override bool UpdatesArchitecture => Epoch >= WarmupEpochs;
}
