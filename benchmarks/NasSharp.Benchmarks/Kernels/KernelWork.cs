namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The nominal work of one kernel call: floating-point operations (a fused multiply-add counts as two)
/// and the bytes it must at least read and write. Memory-bound kernels (batch norm, pooling) are better
/// judged by <see cref="Bytes"/> than by <see cref="Flops"/>.
/// </summary>
public readonly record struct KernelWork(double Flops, double Bytes);
