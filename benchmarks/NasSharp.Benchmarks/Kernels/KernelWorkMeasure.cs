namespace NasSharp.Benchmarks.Kernels;

/// <summary>What a <see cref="KernelWorkColumn"/> shows.</summary>
public enum KernelWorkMeasure
{
    Gflops,
    Gbytes,
    SpeedupPerWork,
}
