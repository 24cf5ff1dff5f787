namespace NasSharp.EngineBench;

/// <summary>What one engine benchmark run measured.</summary>
public sealed record EngineBenchmarkResult(
    EngineBenchmarkOptions Options,
    double MillisecondsPerStep,
    double ImagesPerSecond,
    double GigaflopsPerSecond,
    long AllocatedBytesPerStep,
    long PeakWorkingSetBytes,
    double FinalLoss)
{
    /// <summary>Time per op over the timed steps, when <see cref="EngineBenchmarkOptions.Profile"/> asked for it.</summary>
    public IReadOnlyList<Tensors.OpProfileRow>? Profile { get; init; }

    /// <summary>The mode as the command line spells it (spos, darts, chain, darts-space).</summary>
    public string Mode => EngineBenchmarkOptions.ModeName(Options.Mode);
}
