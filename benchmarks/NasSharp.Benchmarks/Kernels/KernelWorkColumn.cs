using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// A summary column derived from BenchmarkDotNet's mean time and the <see cref="IKernelWork"/> of the
/// benchmark: GFLOP/s, GB/s, or the speedup per unit of work over the class's baseline (which, unlike
/// BenchmarkDotNet's Ratio, stays meaningful when the scalar baseline runs on a smaller slice).
/// </summary>
public sealed class KernelWorkColumn : IColumn
{
    private readonly KernelWorkMeasure measure;

    public KernelWorkColumn(KernelWorkMeasure measure) => this.measure = measure;

    public string Id => $"{nameof(KernelWorkColumn)}.{measure}";

    public string ColumnName => measure switch
    {
        KernelWorkMeasure.Gflops => "GFLOP/s",
        KernelWorkMeasure.Gbytes => "GB/s",
        _ => "Speedup/work",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)measure;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => measure switch
    {
        KernelWorkMeasure.Gflops => "Nominal floating-point operations per second (a fused multiply-add counts 2), from the mean time",
        KernelWorkMeasure.Gbytes => "Nominal bytes read and written per second, from the mean time",
        _ => "GFLOP/s over the baseline's GFLOP/s: the speedup per unit of work",
    };

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var rate = Rate(summary, benchmarkCase);
        if (measure != KernelWorkMeasure.SpeedupPerWork || double.IsNaN(rate))
        {
            return Format(rate);
        }

        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        return baseline == null ? "?" : Format(rate / Rate(summary, baseline));
    }

    public override string ToString() => ColumnName;

    private static string Format(double value) => double.IsNaN(value) ? "?" : value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>Work per nanosecond (= G per second) of the case, or NaN when it has no result.</summary>
    private double Rate(Summary summary, BenchmarkCase benchmarkCase)
    {
        var nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (nanoseconds is not > 0 || KernelWorkLookup.WorkOf(benchmarkCase) is not { } work)
        {
            return double.NaN;
        }

        return (measure == KernelWorkMeasure.Gbytes ? work.Bytes : work.Flops) / nanoseconds.Value;
    }
}
