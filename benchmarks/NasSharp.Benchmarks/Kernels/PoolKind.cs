namespace NasSharp.Benchmarks.Kernels;

/// <summary>The pooling operator a benchmark times.</summary>
public enum PoolKind
{
    Average,
    Max,
}
