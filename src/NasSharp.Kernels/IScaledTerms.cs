namespace NasSharp.Kernels;

/// <summary>
/// The terms of <see cref="ScaledSum"/>: equally long spans with one scale each, as a struct the kernel is compiled
/// for (a list of spans cannot be passed as an array, and a struct keeps the caller's tensors without copying them).
/// </summary>
public interface IScaledTerms
{
    /// <summary>How many terms (at least 1).</summary>
    int Count { get; }

    /// <summary>Term <paramref name="index"/>, as long as the destination.</summary>
    ReadOnlySpan<float> Term(int index);

    /// <summary>The scale of term <paramref name="index"/>.</summary>
    float Scale(int index);
}
