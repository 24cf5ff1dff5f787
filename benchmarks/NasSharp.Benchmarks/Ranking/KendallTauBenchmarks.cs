using BenchmarkDotNet.Attributes;
using NasSharp.Search.Ranking;
using NasSharp.Search.Ranking.Reference;

namespace NasSharp.Benchmarks.Ranking;

/// <summary>
/// Knight's O(n log n) tau-b against the pairwise O(n^2) definition. n = 2,000 keeps the baseline short;
/// the NAS-Bench-201 use (n = 15,625) is about 60 times more pairs for the baseline and 9 times more work
/// for Knight's algorithm.
/// </summary>
[MemoryDiagnoser]
public class KendallTauBenchmarks
{
    private double[] x = [];
    private double[] y = [];

    [Params(2_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Accuracy-like scores rounded to 0.01, so both scorings carry ties as benchmark tables do.
        var random = new Random(1);
        x = new double[N];
        y = new double[N];
        for (var i = 0; i < N; i++)
        {
            x[i] = Math.Round(random.NextDouble() * 100, 2);
            y[i] = Math.Round((x[i] * 0.5) + (random.NextDouble() * 50), 2);
        }
    }

    [Benchmark(Baseline = true)]
    public double Pairwise() => KendallTauReference.TauB(x, y);

    [Benchmark]
    public double Knight() => KendallTau.TauB(x, y);
}
