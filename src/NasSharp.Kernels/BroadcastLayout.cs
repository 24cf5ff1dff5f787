namespace NasSharp.Kernels;

/// <summary>
/// How two row-major operands map onto a broadcast output, padded to five dimensions: for each output
/// dimension the stride of each operand (0 where that operand is broadcast along it).
/// </summary>
public sealed class BroadcastLayout
{
    public const int Rank = 5;

    public BroadcastLayout(ReadOnlySpan<int> outDims, ReadOnlySpan<int> aDims, ReadOnlySpan<int> bDims)
    {
        OutDims = Pad(outDims);
        AStrides = Strides(aDims, OutDims);
        BStrides = Strides(bDims, OutDims);
        Count = 1;
        foreach (var d in OutDims)
        {
            Count *= d;
        }
    }

    /// <summary>Output dimensions, left-padded with ones to five.</summary>
    public int[] OutDims { get; }

    /// <summary>Strides of operand A per output dimension (0 = broadcast).</summary>
    public int[] AStrides { get; }

    /// <summary>Strides of operand B per output dimension (0 = broadcast).</summary>
    public int[] BStrides { get; }

    /// <summary>Number of output elements.</summary>
    public int Count { get; }

    private static int[] Pad(ReadOnlySpan<int> dims)
    {
        var padded = new int[Rank];
        Array.Fill(padded, 1);
        dims.CopyTo(padded.AsSpan(Rank - dims.Length));
        return padded;
    }

    private static int[] Strides(ReadOnlySpan<int> dims, int[] outDims)
    {
        var padded = Pad(dims);
        var strides = new int[Rank];
        var stride = 1;
        for (var i = Rank - 1; i >= 0; i--)
        {
            strides[i] = padded[i] == 1 && outDims[i] != 1 ? 0 : stride;
            stride *= padded[i];
        }

        return strides;
    }
}
