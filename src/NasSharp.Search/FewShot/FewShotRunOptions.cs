namespace NasSharp.Search.FewShot;

/// <summary>
/// Sizes and budgets of an end-to-end few-shot run (<c>nas search</c> with no evaluator given): the skeleton, the
/// images, the one-shot epochs, the split edge and epochs per sub-supernet, and the stand-alone epochs of the
/// winner. The defaults keep the built-in synthetic run within a few minutes on two cores.
/// </summary>
public sealed record FewShotRunOptions
{
    public int Channels { get; init; } = 8;

    public int CellsPerStage { get; init; } = 1;

    public FewShotDataOptions Data { get; init; } = new() { TrainImages = 4000, ValidationImages = 500 };

    public int OneShotEpochs { get; init; } = 6;

    public int SplitEdge { get; init; } = FewShotTraining.DefaultSplitEdge;

    public int SplitEpochs { get; init; } = 1;

    /// <summary>Stand-alone training epochs of the architecture the search picks (also of each trial of <c>--evaluator train</c>).</summary>
    public int FinalEpochs { get; init; } = 8;

    public float LearningRate { get; init; } = 0.05f;

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        Data.Validate();
        if (Channels <= 0 || CellsPerStage <= 0)
        {
            throw new ArgumentException($"--channels ({Channels}) and --cells ({CellsPerStage}) must be positive");
        }

        if (OneShotEpochs <= 0 || SplitEpochs <= 0 || FinalEpochs <= 0)
        {
            throw new ArgumentException($"--epochs ({OneShotEpochs}), --split-epochs ({SplitEpochs}) and --final-epochs ({FinalEpochs}) must be positive");
        }

        if (SplitEdge is < 0 or > 5)
        {
            throw new ArgumentException($"--edge {SplitEdge} is out of range 0..5");
        }
    }
}
