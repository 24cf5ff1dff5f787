using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;

namespace NasSharp.Cli;

/// <summary>Maps <c>--strategy</c> names to strategies; the one place that knows the names.</summary>
internal static class SearchStrategies
{
    public static readonly string[] Names = ["random", "rea", "reinforce", "ls", "tpe"];

    public static void Validate(string name)
    {
        if (Array.IndexOf(Names, name) < 0)
        {
            throw new ArgumentException($"unknown strategy '{name}' (expected one of: {string.Join(", ", Names)})");
        }
    }

    /// <summary>A strategy on any space: REINFORCE and TPE need independent categorical decisions, the others do not.</summary>
    public static ISearchStrategy<TGenotype> Create<TGenotype>(ISearchSpace<TGenotype> space, SearchOptions options, int seed)
        where TGenotype : notnull => space is ICategoricalSpace<TGenotype> categorical ? Create(categorical, options, seed) : options.Strategy switch
        {
            "random" => new RandomSearch<TGenotype>(space, seed),
            "rea" => new RegularizedEvolution<TGenotype>(space, seed, options.Population, options.SampleSize),
            "ls" => new LocalSearch<TGenotype>(space, seed),
            _ => throw new ArgumentException($"--strategy {options.Strategy} needs independent categorical decisions, which space {options.Space} does not have (use random, rea or ls)"),
        };

    public static ISearchStrategy<TGenotype> Create<TGenotype>(ICategoricalSpace<TGenotype> space, SearchOptions options, int seed)
        where TGenotype : notnull => options.Strategy switch
        {
            "random" => new RandomSearch<TGenotype>(space, seed),
            "rea" => new RegularizedEvolution<TGenotype>(space, seed, options.Population, options.SampleSize),
            "reinforce" => new Reinforce<TGenotype>(space, seed, options.LearningRate),
            "ls" => new LocalSearch<TGenotype>(space, seed),
            "tpe" => new Tpe<TGenotype>(space, seed),
            _ => throw new ArgumentException($"unknown strategy '{options.Strategy}' (expected one of: {string.Join(", ", Names)})"),
        };
}
