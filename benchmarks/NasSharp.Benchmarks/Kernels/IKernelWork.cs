namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// A kernel benchmark class that can say how much work one call of each of its benchmark methods does
/// (for the current parameter values), so timings can be reported as GFLOP/s and GB/s.
/// </summary>
public interface IKernelWork
{
    /// <summary>The work of one call of the benchmark method named <paramref name="benchmark"/>.</summary>
    KernelWork WorkOf(string benchmark);
}
