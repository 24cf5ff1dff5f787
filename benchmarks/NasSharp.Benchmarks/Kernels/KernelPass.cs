namespace NasSharp.Benchmarks.Kernels;

/// <summary>Which pass of a layer a benchmark times.</summary>
public enum KernelPass
{
    Forward,
    BackwardData,
    BackwardWeight,
}
