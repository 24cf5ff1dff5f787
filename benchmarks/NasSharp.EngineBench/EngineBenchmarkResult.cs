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
    /// <summary>The mode as the command line spells it (spos, darts, chain, darts-space).</summary>
    public string Mode => EngineBenchmarkOptions.ModeName(Options.Mode);
}
