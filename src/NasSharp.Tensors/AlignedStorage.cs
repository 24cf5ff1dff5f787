using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NasSharp.Tensors;

/// <summary>
/// Tensor storage whose elements start on a 64-byte boundary (a cache line, the width of a Vector512). The GC places a
/// float[] on any 8-byte boundary, so 7 in 8 tensors had every 512-bit load of a kernel straddle two cache lines; on an
/// Ice Lake Xeon such a load costs about twice an aligned one (a dot-product loop in L1: 29 against 50-58 GFLOP/s on one
/// core). The arrays are pinned (they never move, so the aligned start stays put) and carry up to 15 floats of slack in
/// front; <see cref="Start"/> says where the elements begin. No kernel's arithmetic depends on where its data lies, so
/// results are unchanged.
/// </summary>
internal static unsafe class AlignedStorage
{
    /// <summary>Floats of slack that allow any 4-byte-aligned array to reach a 64-byte boundary.</summary>
    public const int Slack = 15;

    private const int Alignment = 64;

    /// <summary>An array for <paramref name="length"/> elements from <see cref="Start"/> on (contents unspecified unless <paramref name="zeroed"/>).</summary>
    public static float[] Allocate(int length, bool zeroed = false) =>
        zeroed ? GC.AllocateArray<float>(length + Slack, pinned: true) : GC.AllocateUninitializedArray<float>(length + Slack, pinned: true);

    /// <summary>The index of the first element of <paramref name="array"/> on a 64-byte boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Start(float[] array)
    {
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / sizeof(float);
    }

    /// <summary>How many elements an array from <see cref="Allocate"/> was made for.</summary>
    public static int Capacity(float[] array) => array.Length - Slack;
}
