using NasSharp.Search.Models;

namespace NasSharp.Cli;

/// <summary>
/// The parsed and validated options of <c>nas train</c>. Options that depend on the task (epochs, batch,
/// learning rate) are null when not given; each task fills in its own default.
/// </summary>
internal sealed record TrainOptions
{
    public required TrainTask Task { get; init; }

    /// <summary>The genotype text (--genotype, alias --arch).</summary>
    public string? Genotype { get; init; }

    /// <summary>The space given with --space; null: detected from the genotype.</summary>
    public ModelSpace? Space { get; init; }

    public TrainRecipe Recipe { get; init; }

    public required string Dataset { get; init; }

    public string? Data { get; init; }

    /// <summary>Null: the space's default.</summary>
    public int? Channels { get; init; }

    /// <summary>Null: the space's default.</summary>
    public int? Cells { get; init; }

    public int? Epochs { get; init; }

    public int? Batch { get; init; }

    public double? LearningRate { get; init; }

    public required int Seed { get; init; }

    public int? Threads { get; init; }

    public required string Model { get; init; }

    public int? Hidden { get; init; }

    public int? Layers { get; init; }

    public required int Bptt { get; init; }

    /// <summary>--random-bptt: the DARTS retraining code's drawn window lengths.</summary>
    public bool RandomBptt { get; init; }

    /// <summary>--tib-bound: a tib cell's h_t = tanh(s_N) (RECURRENT.md 1.2, Stability).</summary>
    public bool TibBound { get; init; }

    /// <summary>--asgd: NT-ASGD instead of the annealed SGD.</summary>
    public bool Asgd { get; init; }

    /// <summary>--nonmono (null: 5).</summary>
    public int? NonMonotone { get; init; }

    /// <summary>Null: the task's default (lm 0.2, forecast 0).</summary>
    public double? Dropout { get; init; }

    public bool Tied { get; init; }

    public required int Horizon { get; init; }

    public required int Window { get; init; }

    public required string Loss { get; init; }

    public required string Series { get; init; }

    public int? TrainLimit { get; init; }

    public required string Out { get; init; }

    public string? Name { get; init; }

    public bool Json { get; init; }

    /// <summary>--resume NAME: continue the killed image run OUT/NAME from its checkpoint.</summary>
    public string? Resume { get; init; }
}
