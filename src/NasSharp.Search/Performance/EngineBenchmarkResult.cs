namespace NasSharp.Search.Performance;

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
    public string Mode => Options.Mode.ToString().ToLowerInvariant();
}
