using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>The parsed and validated options of <c>nas search --method ...</c> (a differentiable search).</summary>
internal sealed record DifferentiableRunOptions
{
    public required string Space { get; init; }

    public required DifferentiableSearchOptions Search { get; init; }

    public required string Dataset { get; init; }

    public string? DataDirectory { get; init; }

    public required int Channels { get; init; }

    public required int Cells { get; init; }

    public required int BatchSize { get; init; }

    /// <summary>Training images drawn (stratified, seeded) for the search; 0: all.</summary>
    public required int TrainImages { get; init; }

    /// <summary>The first N test images score the results; 0: all.</summary>
    public required int TestImages { get; init; }

    public required bool FewShot { get; init; }

    public required int SplitEdge { get; init; }

    /// <summary>Few-shot: epochs of each sub-supernet (the one-shot warm-up runs the search options' epochs).</summary>
    public required int SplitEpochs { get; init; }

    /// <summary>Epochs of training the derived child on with inherited weights after the search (DSNAS's deployment).</summary>
    public required int ChildEpochs { get; init; }

    /// <summary>Stand-alone training epochs of the found architecture from scratch (0: skip).</summary>
    public required int FinalEpochs { get; init; }

    public required double FinalLearningRate { get; init; }

    /// <summary>DARTS space: the retrained network has DARTS's auxiliary head (loss weight 0.4).</summary>
    public bool Auxiliary { get; init; }

    public required int Seed { get; init; }

    public required string Out { get; init; }

    public string? Name { get; init; }

    /// <summary>--resume NAME: continue the killed run OUT/NAME from its checkpoints.</summary>
    public string? Resume { get; init; }

    public bool Json { get; init; }
}
