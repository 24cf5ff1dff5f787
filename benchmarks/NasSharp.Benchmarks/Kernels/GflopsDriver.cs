using System.Diagnostics;
using System.Globalization;
using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// A quick alternative to the BenchmarkDotNet run (<c>dotnet run -c Release --project
/// benchmarks/NasSharp.Benchmarks -- --gflops</c>): times every kernel benchmark method for about a
/// second (the scalar references a third of that) and prints a Markdown table of time per call,
/// GFLOP/s, GB/s, managed allocation per call and speedup per unit of work over the class's baseline.
/// Times are the median of ~10 batches; "best" is the fastest batch (less disturbed on a shared machine);
/// "GFLOP/s per CPU-s" divides by the process CPU time instead, the steadiest efficiency figure when
/// other jobs load the machine (it counts every thread of the process, idle-spinning workers included).
/// </summary>
public static class GflopsDriver
{
    private const double WarmUpSeconds = 0.5;

    public static int Run(IReadOnlyList<string> args)
    {
        GflopsOptions options;
        try
        {
            options = GflopsOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        if (options.Threads is { } threads)
        {
            KernelParallel.ThreadCount = threads;
        }

        Console.WriteLine($"Kernel threads: {KernelParallel.ThreadCount}, Vector512: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}" +
            (options.ColdMegabytes is { } cold ? $", cold: each case's calls go round copies of its data, {cold.ToString(CultureInfo.InvariantCulture)} MiB or more in all" : string.Empty));
        Console.WriteLine("| Kernel | Parameters | Method | ms/call | GFLOP/s | best GFLOP/s | CPU ms/call | GFLOP/s per CPU-s | GB/s | KB alloc/call | Speedup/work |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kernelCase in KernelCase.All())
        {
            RunCase(kernelCase, options);
        }

        return 0;
    }

    private static void RunCase(KernelCase kernelCase, GflopsOptions options)
    {
        var methods = kernelCase.Methods
            .Where(m => options.References || !m.Name.StartsWith("Reference", StringComparison.Ordinal))
            .Where(m => options.Selects($"{kernelCase.ClassName} {kernelCase.Parameters} {m.Name}"))
            .ToList();
        if (methods.Count == 0)
        {
            return;
        }

        kernelCase.Setup();
        var copies = Copies(kernelCase, methods, options.ColdMegabytes);
        double? baselineRate = null;
        foreach (var method in methods)
        {
            var isReference = method.Name.StartsWith("Reference", StringComparison.Ordinal);
            var timing = Measure(RoundRobin(copies.Select(c => c.Delegate(method)).ToArray()), isReference ? options.Seconds / 3 : options.Seconds);
            var work = kernelCase.WorkOf(method);
            var rate = work.Flops / timing.MedianNanoseconds;
            baselineRate ??= isReference ? rate : null;
            var speedup = baselineRate is { } b ? Format(rate / b) : "-";
            Console.WriteLine($"| {kernelCase.ClassName} | {kernelCase.Parameters} | {method.Name} | {Format(timing.MedianNanoseconds / 1e6)} | {Format(rate)} | {Format(work.Flops / timing.BestNanoseconds)} | {Format(timing.CpuNanoseconds / 1e6)} | {Format(work.Flops / timing.CpuNanoseconds)} | {Format(work.Bytes / timing.MedianNanoseconds)} | {Format(timing.AllocatedBytes / 1024.0)} | {speedup} |");
        }
    }

    /// <summary>
    /// The case alone, or (with <paramref name="coldMegabytes"/>) the case and set-up copies of it until the bytes the
    /// least data-hungry method moves per call, times the copies, reach that many MiB: with more than the last-level cache
    /// between two calls on the same buffers, each call reads its inputs from memory.
    /// </summary>
    internal static List<KernelCase> Copies(KernelCase kernelCase, IReadOnlyList<System.Reflection.MethodInfo> methods, double? coldMegabytes)
    {
        if (coldMegabytes is not { } megabytes)
        {
            return [kernelCase];
        }

        var bytes = methods.Min(m => kernelCase.WorkOf(m).Bytes);
        var count = (int)Math.Clamp(Math.Ceiling(megabytes * 1024 * 1024 / Math.Max(bytes, 1)), 1, 4096);
        var copies = new List<KernelCase> { kernelCase };
        while (copies.Count < count)
        {
            var copy = kernelCase.Copy();
            copy.Setup();
            copies.Add(copy);
        }

        return copies;
    }

    /// <summary>One call of the next action in turn (the same one each time when there is one).</summary>
    internal static Action RoundRobin(Action[] actions)
    {
        if (actions.Length == 1)
        {
            return actions[0];
        }

        var next = 0;
        return () =>
        {
            actions[next]();
            next = next + 1 == actions.Length ? 0 : next + 1;
        };
    }

    /// <summary>
    /// Warms up for half a second (long enough for tiered compilation to replace the first, unoptimised
    /// code, which can otherwise be 10x slower), then times batches of calls for about <paramref name="seconds"/>.
    /// </summary>
    private static Timing Measure(Action action, double seconds)
    {
        var clock = Stopwatch.StartNew();
        var warmCalls = 0;
        while (warmCalls < 3 || clock.Elapsed.TotalSeconds < WarmUpSeconds)
        {
            action();
            warmCalls++;
        }

        var batchSeconds = seconds / 10;
        var perCall = new List<double>();
        var calls = 0L;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        while (perCall.Count < 3 || clock.Elapsed.TotalSeconds < seconds)
        {
            var batchStart = clock.Elapsed.TotalSeconds;
            var batchCalls = 0;
            do
            {
                action();
                batchCalls++;
            }
            while (clock.Elapsed.TotalSeconds - batchStart < batchSeconds);
            perCall.Add((clock.Elapsed.TotalSeconds - batchStart) * 1e9 / batchCalls);
            calls += batchCalls;
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalNanoseconds / calls;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)calls;
        perCall.Sort();
        return new Timing(perCall[perCall.Count / 2], perCall[0], cpu, allocated);
    }

    private static string Format(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>Wall time per call (median and best batch), process CPU time per call (all threads, so it excludes time other processes took the cores), bytes allocated per call.</summary>
    private readonly record struct Timing(double MedianNanoseconds, double BestNanoseconds, double CpuNanoseconds, double AllocatedBytes);
}
