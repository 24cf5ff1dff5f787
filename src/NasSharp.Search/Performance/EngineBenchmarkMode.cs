namespace NasSharp.Search.Performance;

/// <summary>How the benchmarked supernet runs its edges.</summary>
public enum EngineBenchmarkMode
{
    /// <summary>One uniformly sampled op per edge per step (SPOS).</summary>
    Spos,

    /// <summary>Every edge is the softmax-weighted sum of all five ops (DARTS).</summary>
    Darts,
}
