using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>Seeded benchmark inputs, in buffers that start on a cache line as the engine's tensors do.</summary>
public static class BenchData
{
    /// <summary>Uniform values in [-1, 1), seeded.</summary>
    public static float[] Random(int seed, int length)
    {
        var random = new Random(seed);
        var values = Buffer(length);
        for (var i = 0; i < length; i++)
        {
            values[i] = (2f * random.NextSingle()) - 1f;
        }

        return values;
    }

    /// <summary>
    /// A zeroed, pinned array whose first element lies on a 64-byte boundary: the engine's tensor storage is aligned so
    /// (NasSharp.Tensors.AlignedStorage), and a kernel reading a misaligned array measures split loads the training step
    /// never makes. The GC places an array on any 8-byte boundary, so this allocates until one lands on a cache line.
    /// </summary>
    public static float[] Buffer(int length)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Uninitialised attempts: a large array that lands off a cache line costs no zeroing (the kernel driver's
            // --cold mode sets a case up hundreds of times).
            var array = GC.AllocateUninitializedArray<float>(length, pinned: true);
            if ((Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetArrayDataReference(array)) & 63) == 0 || attempt == 256)
            {
                Array.Clear(array);
                return array;
            }
        }
    }
}
