namespace NasSharp.Cli;

/// <summary>The parsed and validated options of <c>nas search</c>.</summary>
internal sealed record SearchOptions
{
    public required string Space { get; init; }

    public required string Evaluator { get; init; }

    public required string TablePath { get; init; }

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

    public bool Json { get; init; }
}
