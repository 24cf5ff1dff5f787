namespace NasSharp.EngineBench;

/// <summary>What one engine benchmark run measured; <see cref="ItemsPerSecond"/> is images or tokens per second (<see cref="ItemName"/>).</summary>
public sealed record EngineBenchmarkResult(
    EngineBenchmarkOptions Options,
    double MillisecondsPerStep,
    double ItemsPerSecond,
    double GigaflopsPerSecond,
    long AllocatedBytesPerStep,
    long PeakWorkingSetBytes,
    double FinalLoss)
{
    /// <summary>
    /// Process CPU time per timed step, all threads: on a shared machine, with one kernel thread, the steadiest measure of
    /// the work a step takes (wall time also counts the time other processes held the core).
    /// </summary>
    public double CpuMillisecondsPerStep { get; init; }

    /// <summary>Time per op over the timed steps, when <see cref="EngineBenchmarkOptions.Profile"/> asked for it.</summary>
    public IReadOnlyList<Tensors.OpProfileRow>? Profile { get; init; }

    /// <summary>The mode as the command line spells it (spos, darts, chain, darts-space, lm).</summary>
    public string Mode => EngineBenchmarkOptions.ModeName(Options.Mode);

    /// <summary>What <see cref="ItemsPerSecond"/> counts: "img" (images per second), or "tok" (tokens per second) in the language model.</summary>
    public string ItemName => Options.Mode == EngineBenchmarkMode.Lm ? "tok" : "img";
}
