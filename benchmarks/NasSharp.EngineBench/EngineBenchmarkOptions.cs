namespace NasSharp.EngineBench;

/// <summary>
/// The engine benchmark: training steps of a supernet built as its PyTorch reference script builds it (SGD Nesterov
/// momentum 0.9, weight decay 5e-4, cross entropy, random images). <see cref="Channels"/> and
/// <see cref="CellsPerStage"/> size the NAS-Bench-201 skeleton; the DARTS search network takes C from
/// <see cref="Channels"/>; the chain space has its own skeleton. <see cref="Profile"/> records an
/// <see cref="Tensors.OpProfile"/> over the timed steps.
/// </summary>
public sealed record EngineBenchmarkOptions(
    EngineBenchmarkMode Mode = EngineBenchmarkMode.Spos,
    int Batch = 64,
    int Channels = 16,
    int CellsPerStage = 5,
    int Steps = 20,
    int WarmupSteps = 3,
    int Threads = 2,
    int ImageSize = 32,
    int Seed = 0,
    bool Profile = false)
{
    /// <summary>Every mode as the command line spells it.</summary>
    public static IReadOnlyList<string> ModeNames { get; } = [.. Enum.GetValues<EngineBenchmarkMode>().Select(ModeName)];

    /// <summary>spos, darts, chain, darts-space.</summary>
    public static string ModeName(EngineBenchmarkMode mode) => mode == EngineBenchmarkMode.DartsSpace ? "darts-space" : mode.ToString().ToLowerInvariant();

    /// <summary>The mode named <paramref name="name"/>, or null.</summary>
    public static EngineBenchmarkMode? ParseMode(string? name) =>
        Enum.GetValues<EngineBenchmarkMode>().Select(m => (EngineBenchmarkMode?)m).FirstOrDefault(m => ModeName(m!.Value) == name);

    /// <summary>Throws naming the bad value.</summary>
    public void Validate()
    {
        if (Batch < 2 || Channels < 1 || CellsPerStage < 1 || Steps < 1 || WarmupSteps < 0 || Threads < 1 || ImageSize < 4 || ImageSize % 4 != 0)
        {
            throw new ArgumentException($"bench engine: batch {Batch} (>= 2), channels {Channels}, cells {CellsPerStage}, steps {Steps} (>= 1), warm-up {WarmupSteps} (>= 0), threads {Threads} (>= 1) and image size {ImageSize} (a multiple of 4) are not all valid.");
        }
    }
}
