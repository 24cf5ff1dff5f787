using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;

namespace NasSharp.Benchmarks;

/// <summary>
/// The NB201 tabular search experiment's inner cost: 100 repeats x 150 queries on an in-memory table
/// (synthetic values in the real layout, so the benchmark needs no data files). Random search is the
/// baseline: its cost is the loop and the lookups alone; REA adds tournaments and mutations.
/// </summary>
[MemoryDiagnoser]
public class SearchLoopBenchmarks
{
    private const int Repeats = 100;
    private const int Queries = 150;
    private TableEvaluator evaluator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("arch,cifar10_valid_12ep,cifar10_test\n");
        var random = new Random(0);
        for (var i = 0; i < Nb201Genotype.SpaceSize; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{new Nb201Genotype(i)},{random.NextDouble() * 90},{random.NextDouble() * 94}\n");
        }

        var table = Nb201Table.Read(new StringReader(text.ToString()), "in-memory");
        evaluator = new TableEvaluator(table, "cifar10_valid_12ep", "cifar10_test");
    }

    [Benchmark(Baseline = true)]
    public double RandomSearch100x150() => Run(seed => new RandomSearch<Nb201Genotype>(Nb201Space.Instance, seed));

    [Benchmark]
    public double Rea100x150() => Run(seed => new RegularizedEvolution<Nb201Genotype>(Nb201Space.Instance, seed));

    [Benchmark]
    public double Reinforce100x150() => Run(seed => new Reinforce<Nb201Genotype>(Nb201Space.Instance, seed));

    private double Run(Func<int, ISearchStrategy<Nb201Genotype>> create)
    {
        var sum = 0.0;
        for (var r = 0; r < Repeats; r++)
        {
            var loop = new SearchLoop<Nb201Genotype>(create(SearchSeeds.Derive(0, r)), evaluator, SearchBudget.Queries(Queries));
            sum += loop.Run().BestResult.Reported ?? 0;
        }

        return sum / Repeats;
    }
}
