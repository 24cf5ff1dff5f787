using NasSharp.Search.Evaluation;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Strategies;

namespace NasSharp.Cli;

/// <summary>The parsed and validated options of <c>nas search</c>.</summary>
internal sealed record SearchOptions
{
    public required SearchSpaceKind Space { get; init; }

    public required EvaluatorKind Evaluator { get; init; }

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

    public required StrategyKind Strategy { get; init; }

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

    /// <summary>Where --evaluator train trials run (in this process, or as units for nas worker).</summary>
    public SearchWorkers Workers { get; init; }

    /// <summary>--in-flight K: units pending at once with --workers external (1: each trial waits for the previous one).</summary>
    public int InFlight { get; init; } = 1;

    /// <summary>The experiment store (--store, else $NASSHARP_STORE, else nas.db in --out); null until bound.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Store { get; init; }

    /// <summary>The name of the option's space, evaluator and strategy, as users type them.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SpaceName => KindNames<SearchSpaceKind>.Name(Space);

    [System.Text.Json.Serialization.JsonIgnore]
    public string EvaluatorName => KindNames<EvaluatorKind>.Name(Evaluator);

    [System.Text.Json.Serialization.JsonIgnore]
    public string StrategyName => StrategyRegistry.Name(Strategy);

    /// <summary>The repeated-search settings these options describe.</summary>
    public RepeatedSearchSettings SearchSettings() =>
        new(Strategy, new StrategySettings(Population, SampleSize, LearningRate), SearchBudget.Of(Budget, TimeBudget), Repeat, Seed, InFlight);
}
