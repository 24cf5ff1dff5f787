using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// A zeroed float buffer whose first element lies on a 64-byte boundary, as the engine's tensor storage does
/// (NasSharp.Tensors.AlignedStorage): a pinned array a few floats longer than asked for, viewed from its first aligned
/// element. A kernel reading or writing a misaligned buffer measures split loads and stores the training step never makes.
/// </summary>
/// <remarks>
/// Until session 36 the driver allocated arrays until one happened to land on a cache line and gave up after 256
/// attempts; with <c>--cold</c>, which sets a case up hundreds of times, most attempts ran out, so many copies were
/// misaligned and a kernel's figure from memory could fall several-fold from run to run (average pooling's backward at
/// 16 ch 32 x 32: 8-12 against 21-22 GFLOP/s).
/// </remarks>
public sealed class AlignedBuffer
{
    private const int LineBytes = 64;

    private readonly float[] storage;
    private readonly int offset;

    /// <summary>A zeroed buffer of <paramref name="length"/> floats starting on a cache line.</summary>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        // The GC places an array's data on an 8-byte boundary, so at most 14 floats precede the first aligned one.
        storage = GC.AllocateArray<float>(length + (LineBytes / sizeof(float)) - 1, pinned: true);
        var address = Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetArrayDataReference(storage));
        offset = (int)((LineBytes - (address & (LineBytes - 1))) & (LineBytes - 1)) / sizeof(float);
        Length = length;
    }

    /// <summary>An empty buffer (a field's value before set-up).</summary>
    public static AlignedBuffer Empty { get; } = new(0);

    /// <summary>Number of floats.</summary>
    public int Length { get; }

    /// <summary>Element <paramref name="index"/>.</summary>
    public ref float this[int index] => ref AsSpan()[index];

    public static implicit operator Span<float>(AlignedBuffer buffer) => buffer.AsSpan();

    public static implicit operator ReadOnlySpan<float>(AlignedBuffer buffer) => buffer.AsSpan();

    /// <summary>The whole buffer.</summary>
    public Span<float> AsSpan() => storage.AsSpan(offset, Length);

    /// <summary>The floats from <paramref name="start"/> to the end.</summary>
    public Span<float> AsSpan(int start) => AsSpan()[start..];

    /// <summary><paramref name="length"/> floats from <paramref name="start"/>.</summary>
    public Span<float> AsSpan(int start, int length) => AsSpan().Slice(start, length);
}
