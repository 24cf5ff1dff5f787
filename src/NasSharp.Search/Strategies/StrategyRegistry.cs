using NasSharp.Search.Spaces;

namespace NasSharp.Search.Strategies;

/// <summary>
/// The one place that knows the strategies: their names, and how each is built on a space. REINFORCE and TPE model
/// independent categorical decisions (<see cref="ICategoricalSpace{TGenotype}"/>); random search, regularized evolution
/// and local search work on any <see cref="ISearchSpace{TGenotype}"/>.
/// </summary>
public static class StrategyRegistry
{
    private static readonly string[] NameTable = ["random", "rea", "reinforce", "ls", "tpe"];

    /// <summary>The accepted names, in enum order.</summary>
    public static IReadOnlyList<string> Names => NameTable;

    public static string Name(StrategyKind kind) => NameTable[(int)kind];

    /// <summary>The strategy named <paramref name="name"/>; throws listing the valid names.</summary>
    public static StrategyKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Array.IndexOf(NameTable, name.Trim().ToLowerInvariant());
        return index >= 0 ? (StrategyKind)index : throw new ArgumentException($"unknown strategy '{name}' (expected one of: {string.Join(", ", NameTable)})");
    }

    /// <summary>
    /// True when the strategies of <paramref name="kind"/> accept several asks before their tells
    /// (<see cref="ISearchStrategy{TGenotype}.AcceptsConcurrentAsks"/>): random search and regularized evolution, which Real
    /// et al. (2019) ran on asynchronous workers. REINFORCE, local search and TPE learn from each result before the next ask.
    /// </summary>
    public static bool AcceptsConcurrentAsks(StrategyKind kind) => kind is StrategyKind.Random or StrategyKind.Rea;

    /// <summary>The names of the strategies that accept several asks before their tells, in enum order.</summary>
    public static IReadOnlyList<string> ConcurrentAskNames => [.. Enum.GetValues<StrategyKind>().Where(AcceptsConcurrentAsks).Select(Name)];

    /// <summary>A strategy of <paramref name="kind"/> on <paramref name="space"/>, seeded by <paramref name="seed"/>.</summary>
    public static ISearchStrategy<TGenotype> Create<TGenotype>(StrategyKind kind, ISearchSpace<TGenotype> space, StrategySettings settings, int seed)
        where TGenotype : notnull
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(settings);
        return kind switch
        {
            StrategyKind.Random => new RandomSearch<TGenotype>(space, seed),
            StrategyKind.Rea => new RegularizedEvolution<TGenotype>(space, seed, settings.Population, settings.SampleSize),
            StrategyKind.Ls => new LocalSearch<TGenotype>(space, seed),
            StrategyKind.Reinforce when space is ICategoricalSpace<TGenotype> categorical => new Reinforce<TGenotype>(categorical, seed, settings.LearningRate),
            StrategyKind.Tpe when space is ICategoricalSpace<TGenotype> categorical => new Tpe<TGenotype>(categorical, seed),
            _ => throw new ArgumentException($"strategy {Name(kind)} needs independent categorical decisions, which this space does not have (use random, rea or ls)"),
        };
    }
}
