using System.Diagnostics;
using NasSharp.Tensors;

namespace NasSharp.EngineBench;

/// <summary>
/// The timing loop every engine benchmark mode shares: untimed warm-up steps, then timed steps with the managed
/// allocation after warm-up, the process CPU time and the peak working set, so the modes report alike; with
/// <see cref="EngineBenchmarkOptions.Profile"/> the timed steps run under an <see cref="OpProfile"/> (its timestamps and
/// row keys add a little time and allocation).
/// </summary>
internal static class EngineStepTimer
{
    /// <param name="options">Steps, warm-up steps and the examples per step.</param>
    /// <param name="warmUp">Runs warm-up step i (0-based); a mode may use the first to reach its storage high-water mark.</param>
    /// <param name="step">Runs one timed step and returns its loss and the FLOPs it did (forward + backward).</param>
    /// <param name="progress">Told after each warm-up step.</param>
    public static EngineBenchmarkResult Time(EngineBenchmarkOptions options, Action<int> warmUp, Func<(double Loss, double Flops)> step, Action<string>? progress)
    {
        for (var i = 0; i < options.WarmupSteps; i++)
        {
            warmUp(i);
            progress?.Invoke($"warm-up step {i + 1}/{options.WarmupSteps}");
        }

        var flops = 0.0;
        var lastLoss = 0.0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var profile = options.Profile ? OpProfile.Start() : null;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Steps; i++)
        {
            var (loss, stepFlops) = step();
            lastLoss = loss;
            flops += stepFlops;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        profile?.Dispose();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new EngineBenchmarkResult(
            options,
            MillisecondsPerStep: seconds * 1000 / options.Steps,
            ItemsPerSecond: (double)options.ItemsPerStep * options.Steps / seconds,
            GigaflopsPerSecond: flops / seconds / 1e9,
            AllocatedBytesPerStep: allocated / options.Steps,
            PeakWorkingSetBytes: process.PeakWorkingSet64,
            FinalLoss: lastLoss)
        {
            Profile = profile?.Rows(),
            CpuMillisecondsPerStep = cpuSeconds * 1000 / options.Steps,
        };
    }
}
