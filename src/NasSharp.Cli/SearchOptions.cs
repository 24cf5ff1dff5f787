using NasSharp.Search.FewShot;

namespace NasSharp.Cli;

/// <summary>The parsed and validated options of <c>nas search</c>.</summary>
internal sealed record SearchOptions
{
    public required string Space { get; init; }

    public required string Evaluator { get; init; }

    /// <summary>Benchmark or ground-truth table: the scores of --evaluator table, else the reported column when given.</summary>
    public string? TablePath { get; init; }

    /// <summary>Supernet directory of --evaluator oneshot / fewshot (trained beforehand); null for the end-to-end run.</summary>
    public string? SupernetPath { get; init; }

    /// <summary>Data directory (--data or $NASSHARP_DATA) of image datasets.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Sizes and budgets of the end-to-end few-shot run and of --evaluator train.</summary>
    public FewShotRunOptions? Run { get; init; }

    /// <summary>NB201 table dataset (table search) or image dataset (every other evaluator).</summary>
    public required string Dataset { get; init; }

    public required string SearchMetric { get; init; }

    public required string ReportMetric { get; init; }

    public string? TimeColumn { get; init; }

    public required string Strategy { get; init; }

    public int? Budget { get; init; }

    public double? TimeBudget { get; init; }

    public required int Repeat { get; init; }

    public required int Seed { get; init; }

    public required int Population { get; init; }

    public required int SampleSize { get; init; }

    public required double LearningRate { get; init; }

    public required string Out { get; init; }

    public string? Name { get; init; }

    /// <summary>--resume NAME: continue the killed run OUT/NAME (main job; the differentiable route has its own).</summary>
    public string? Resume { get; init; }

    public bool Json { get; init; }
}
