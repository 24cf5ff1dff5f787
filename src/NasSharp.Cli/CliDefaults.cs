using NasSharp.Search.FewShot;

namespace NasSharp.Cli;

/// <summary>
/// Defaults shared by the search-side verbs (nas search, supernet train, groundtruth), in one place so they cannot
/// drift: the skeleton width and depth and the batch size of the library's few-shot run. <c>nas train</c> defaults
/// to the space's published skeleton instead (NAS-Bench-201: C = 16, N = 5; DARTS: 16 channels, 8 cells), because it
/// trains one found network as its benchmark trains it, while a search trains many and stays CPU-affordable at C = 8,
/// N = 1.
/// </summary>
internal static class CliDefaults
{
    private static readonly FewShotRunOptions Run = new();

    /// <summary>Skeleton width C of supernets and searched networks.</summary>
    public static int Channels => Run.Channels;

    /// <summary>Cells per stage N.</summary>
    public static int Cells => Run.CellsPerStage;

    /// <summary>Training batch size.</summary>
    public static int BatchSize => Run.Data.BatchSize;
}
