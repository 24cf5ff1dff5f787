namespace NasSharp.Benchmarks.Kernels;

/// <summary>The elementwise kernels of a training step that <see cref="ElementwiseBenchmarks"/> times.</summary>
public enum ElementwiseKind
{
    /// <summary>y = max(x, 0).</summary>
    ReluForward,

    /// <summary>dx += (x &gt; 0) dy.</summary>
    ReluBackward,

    /// <summary>dst += src: gradient accumulation and cell-node sums.</summary>
    AddInPlace,
}
