namespace NasSharp.Search.Benchmarks;

/// <summary>
/// Default table columns per dataset. As in the NB201 paper's search experiments, the search signal is
/// a cheap validation accuracy (here the 12-epoch one: the table has no 200-epoch validation column)
/// and the reported figure is the 200-epoch test accuracy of the chosen architecture. The time column
/// is the simulated cost of one query; the shipped table has none, so time budgets need a table that does.
/// </summary>
/// <param name="Search">Column the strategy sees.</param>
/// <param name="Report">Column reported for the chosen architecture.</param>
/// <param name="Time">Column of simulated seconds per query.</param>
public sealed record Nb201Metrics(string Search, string Report, string Time)
{
    /// <summary>The default columns of <paramref name="dataset"/>.</summary>
    public static Nb201Metrics For(Nb201Dataset dataset) => dataset switch
    {
        Nb201Dataset.Cifar10 => new("cifar10_valid_12ep", "cifar10_test", "cifar10_time_12ep"),
        Nb201Dataset.Cifar100 => new("cifar100_valid_12ep", "cifar100_test", "cifar100_time_12ep"),
        Nb201Dataset.ImageNet16 => new("imagenet16_valid_12ep", "imagenet16_test", "imagenet16_time_12ep"),
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "Nb201Metrics: unknown dataset."),
    };

    /// <summary>Parses the benchmark's dataset names: <c>cifar10</c>, <c>cifar100</c>, <c>ImageNet16-120</c> (case-insensitive).</summary>
    public static Nb201Dataset ParseDataset(string name) => name?.ToLowerInvariant() switch
    {
        "cifar10" => Nb201Dataset.Cifar10,
        "cifar100" => Nb201Dataset.Cifar100,
        "imagenet16-120" or "imagenet16" => Nb201Dataset.ImageNet16,
        _ => throw new ArgumentException($"unknown dataset '{name}' (expected cifar10, cifar100 or ImageNet16-120)", nameof(name)),
    };
}
