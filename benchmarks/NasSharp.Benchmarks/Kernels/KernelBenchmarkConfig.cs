using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The configuration of every kernel benchmark class: GFLOP/s, GB/s and speedup-per-work columns,
/// allocations, and no Ratio columns (the scalar baselines often run on a smaller slice, so the time
/// ratio would mislead; Speedup/work is the comparable number).
/// </summary>
public sealed class KernelBenchmarkConfig : ManualConfig
{
    public KernelBenchmarkConfig()
    {
        AddColumn(new KernelWorkColumn(KernelWorkMeasure.Gflops), new KernelWorkColumn(KernelWorkMeasure.Gbytes), new KernelWorkColumn(KernelWorkMeasure.SpeedupPerWork));
        AddDiagnoser(MemoryDiagnoser.Default);
        HideColumns(Column.Ratio, Column.RatioSD);
    }
}
