using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Memory;

/// <summary>
/// A STREAM-style memory bandwidth measurement (McCalpin, "Memory Bandwidth and Machine Balance in Current High
/// Performance Computers", 1995; the STREAM benchmark's copy, scale and triad loops): three float arrays far larger
/// than the last-level cache, each loop split into fixed blocks over <see cref="KernelParallel"/> exactly as the
/// kernels are, bytes counted as STREAM counts them (copy and scale 8 bytes per element, triad 12; the write-allocate
/// read is not counted). Prints the best of the repetitions, as STREAM does, and the median. This is the ceiling the
/// memory-bound kernels (batch norm, pooling, elementwise, depthwise) are compared against; their shapes at 16 ch x
/// 32 x 32 x 64 images (4 MB per tensor) partly fit in cache, so they can exceed it.
/// Usage: <c>-- --stream [--threads N] [--megabytes M (per array, default 256)] [--repeats R (default 10)]</c>.
/// </summary>
public static class StreamDriver
{
    private const int BlockElements = 1 << 16;

    public static int Run(IReadOnlyList<string> args)
    {
        var (threads, megabytes, repeats) = (KernelParallel.ThreadCount, 256, 10);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : -1;
            switch (args[i])
            {
                case "--threads" when value > 0: threads = value; i++; break;
                case "--megabytes" when value > 0: megabytes = value; i++; break;
                case "--repeats" when value > 0: repeats = value; i++; break;
                default:
                    Console.Error.WriteLine($"--stream: bad option '{args[i]}' (expected --threads N, --megabytes M, --repeats R with positive integers).");
                    return 2;
            }
        }

        KernelParallel.ThreadCount = threads;
        var length = megabytes * (1L << 20) / sizeof(float);
        var (a, b, c) = (new float[length], new float[length], new float[length]);
        a.AsSpan().Fill(1f);
        b.AsSpan().Fill(2f);
        c.AsSpan().Fill(0.5f);
        Console.WriteLine($"STREAM-style bandwidth: {threads} thread(s), {megabytes} MB per array, best and median of {repeats}");
        Console.WriteLine("| loop | threads | best GB/s | median GB/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        Report("copy", threads, repeats, 8.0 * length, () => Copy(b, c));
        Report("scale", threads, repeats, 8.0 * length, () => Scale(c, b, 3f));
        Report("triad", threads, repeats, 12.0 * length, () => Triad(a, b, c, 3f));
        return 0;
    }

    /// <summary>c = a (STREAM copy).</summary>
    private static void Copy(float[] a, float[] c) =>
        KernelParallel.For(KernelParallel.BlockCount(a.Length, BlockElements), (A: a, C: c), static (s, block) =>
        {
            var (start, count) = Range(s.A.Length, block);
            s.A.AsSpan(start, count).CopyTo(s.C.AsSpan(start, count));
        });

    /// <summary>b = q c (STREAM scale).</summary>
    private static void Scale(float[] c, float[] b, float q) =>
        KernelParallel.For(KernelParallel.BlockCount(c.Length, BlockElements), (C: c, B: b, Q: q), static (s, block) =>
        {
            var (start, count) = Range(s.C.Length, block);
            TensorPrimitives.Multiply(s.C.AsSpan(start, count), s.Q, s.B.AsSpan(start, count));
        });

    /// <summary>a = b + q c (STREAM triad).</summary>
    private static void Triad(float[] a, float[] b, float[] c, float q) =>
        KernelParallel.For(KernelParallel.BlockCount(a.Length, BlockElements), (A: a, B: b, C: c, Q: q), static (s, block) =>
        {
            var (start, count) = Range(s.A.Length, block);
            TensorPrimitives.MultiplyAdd(s.C.AsSpan(start, count), s.Q, s.B.AsSpan(start, count), s.A.AsSpan(start, count));
        });

    private static (int Start, int Count) Range(int length, int block)
    {
        var start = block * BlockElements;
        return (start, Math.Min(BlockElements, length - start));
    }

    private static void Report(string name, int threads, int repeats, double bytes, Action loop)
    {
        loop();
        var seconds = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            loop();
            seconds[r] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(c, "| {0} | {1} | {2:F1} | {3:F1} |", name, threads, bytes / seconds[0] / 1e9, bytes / seconds[repeats / 2] / 1e9));
    }
}
