namespace NasSharp.Kernels;

/// <summary>
/// An axis-aligned box of elements copied between two dense row-major tensors of the same rank (at most
/// five): the box has extent <c>Extent[d]</c> and starts at <c>sourceOffset[d]</c> in the source and
/// <c>targetOffset[d]</c> in the target. Slicing, concatenation and padding are all such copies.
/// Adjacent dimensions the box spans fully in both tensors are merged, so the inner rows are as long as
/// possible (a channel block of an NCHW tensor is one row).
/// </summary>
public sealed class BoxLayout
{
    public const int Rank = 5;

    public BoxLayout(ReadOnlySpan<int> extent, ReadOnlySpan<int> sourceDims, ReadOnlySpan<int> sourceOffset, ReadOnlySpan<int> targetDims, ReadOnlySpan<int> targetOffset)
    {
        Validate(extent, sourceDims, sourceOffset, targetDims, targetOffset);
        SourceCount = Product(sourceDims);
        TargetCount = Product(targetDims);
        var rank = extent.Length;
        var sourceStrides = RowMajorStrides(sourceDims);
        var targetStrides = RowMajorStrides(targetDims);
        for (var d = 0; d < rank; d++)
        {
            SourceStart += sourceOffset[d] * sourceStrides[d];
            TargetStart += targetOffset[d] * targetStrides[d];
        }

        (Extent, SourceStrides, TargetStrides) = Coalesce(extent, sourceStrides, targetStrides);
    }

    /// <summary>Box extent per merged dimension, left-padded with ones to five.</summary>
    public int[] Extent { get; }

    /// <summary>Source stride per merged dimension.</summary>
    public int[] SourceStrides { get; }

    /// <summary>Target stride per merged dimension.</summary>
    public int[] TargetStrides { get; }

    /// <summary>Linear index of the box's first element in the source.</summary>
    public int SourceStart { get; }

    /// <summary>Linear index of the box's first element in the target.</summary>
    public int TargetStart { get; }

    /// <summary>Number of source elements.</summary>
    public int SourceCount { get; }

    /// <summary>Number of target elements.</summary>
    public int TargetCount { get; }

    private static (int[] Extent, int[] Source, int[] Target) Coalesce(ReadOnlySpan<int> extent, int[] source, int[] target)
    {
        var e = new List<int>(Rank);
        var s = new List<int>(Rank);
        var t = new List<int>(Rank);
        for (var d = extent.Length - 1; d >= 0; d--)
        {
            if (extent[d] == 1)
            {
                continue;
            }

            var last = e.Count - 1;
            if (last >= 0 && source[d] == e[last] * s[last] && target[d] == e[last] * t[last])
            {
                e[last] *= extent[d];
                continue;
            }

            e.Add(extent[d]);
            s.Add(source[d]);
            t.Add(target[d]);
        }

        var extents = new int[Rank];
        var sourceStrides = new int[Rank];
        var targetStrides = new int[Rank];
        Array.Fill(extents, 1);
        for (var i = 0; i < e.Count; i++)
        {
            extents[Rank - 1 - i] = e[i];
            sourceStrides[Rank - 1 - i] = s[i];
            targetStrides[Rank - 1 - i] = t[i];
        }

        return (extents, sourceStrides, targetStrides);
    }

    private static int[] RowMajorStrides(ReadOnlySpan<int> dims)
    {
        var strides = new int[dims.Length];
        var stride = 1;
        for (var d = dims.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= dims[d];
        }

        return strides;
    }

    private static int Product(ReadOnlySpan<int> dims)
    {
        var p = 1;
        foreach (var d in dims)
        {
            p *= d;
        }

        return p;
    }

    private static void Validate(ReadOnlySpan<int> extent, ReadOnlySpan<int> sourceDims, ReadOnlySpan<int> sourceOffset, ReadOnlySpan<int> targetDims, ReadOnlySpan<int> targetOffset)
    {
        var rank = extent.Length;
        var ok = rank <= Rank && sourceDims.Length == rank && sourceOffset.Length == rank && targetDims.Length == rank && targetOffset.Length == rank;
        for (var d = 0; ok && d < rank; d++)
        {
            ok = extent[d] > 0 && sourceOffset[d] >= 0 && targetOffset[d] >= 0
                && sourceOffset[d] + extent[d] <= sourceDims[d] && targetOffset[d] + extent[d] <= targetDims[d];
        }

        if (!ok)
        {
            throw new ArgumentException(
                $"BoxLayout: box {Format(extent)} at source offset {Format(sourceOffset)} of {Format(sourceDims)} and target offset {Format(targetOffset)} of {Format(targetDims)} does not fit.");
        }
    }

    private static string Format(ReadOnlySpan<int> values) => "[" + string.Join(", ", values.ToArray()) + "]";
}
