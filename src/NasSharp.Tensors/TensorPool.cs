using System.Collections.Concurrent;

namespace NasSharp.Tensors;

/// <summary>
/// Storage pool keyed by exact length. A training step asks for the same sizes every time, so after
/// the first (warm-up) step every buffer comes from here and the step allocates no fresh arrays.
/// Buffers come back when the <see cref="TensorScope"/> that owns their tensors ends. Every buffer is an
/// <see cref="AlignedStorage"/> array: its elements start at <see cref="AlignedStorage.Start"/>.
/// </summary>
public static class TensorPool
{
    private static readonly ConcurrentDictionary<int, ConcurrentBag<float[]>> Buckets = new();
    private static long rentedFresh;

    [ThreadStatic]
    private static long rentedFreshOnThread;

    /// <summary>How many arrays the pool had to allocate because none was free (a warm-up measure).</summary>
    public static long FreshAllocations => Interlocked.Read(ref rentedFresh);

    /// <summary>Like <see cref="FreshAllocations"/>, counting only rents made by the calling thread (immune to other work in the process).</summary>
    public static long FreshAllocationsOnThisThread => rentedFreshOnThread;

    /// <summary>A buffer for exactly <paramref name="length"/> floats from its aligned start, with unspecified contents.</summary>
    public static float[] Rent(int length)
    {
        if (Buckets.TryGetValue(length, out var bag) && bag.TryTake(out var buffer))
        {
            return buffer;
        }

        Interlocked.Increment(ref rentedFresh);
        rentedFreshOnThread++;
        return AlignedStorage.Allocate(length);
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> back for reuse. The caller must not touch it afterwards.</summary>
    internal static void Return(float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Buckets.GetOrAdd(AlignedStorage.Capacity(buffer), static _ => new ConcurrentBag<float[]>()).Add(buffer);
    }

    /// <summary>Drops every pooled buffer (for tests and for releasing memory after a large job).</summary>
    public static void Clear() => Buckets.Clear();
}
