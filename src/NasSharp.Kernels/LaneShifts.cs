using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// An 8-lane row moved by one column with a zero shifted in: the inputs of a depthwise tap at column offset -1 or +1
/// when the row is a whole 8-wide plane row or a chunk at a row's end (the padding's zero). A shuffle index out of
/// range gives a zero, and with constant indices the JIT emits one permute.
/// </summary>
internal static class LaneShifts
{
    /// <summary>Lane i takes lane i - 1, lane 0 a zero (the input one column left of each output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Right(Vector256<float> row) => Vector256.Shuffle(row, Vector256.Create(8, 0, 1, 2, 3, 4, 5, 6));

    /// <summary>Lane i takes lane i + 1, lane 7 a zero (the input one column right of each output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Left(Vector256<float> row) => Vector256.Shuffle(row, Vector256.Create(1, 2, 3, 4, 5, 6, 7, 8));
}
