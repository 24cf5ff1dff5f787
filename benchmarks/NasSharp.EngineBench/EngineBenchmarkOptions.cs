namespace NasSharp.EngineBench;

/// <summary>
/// The engine benchmark: training steps of a network built as its PyTorch reference script builds it. The image modes
/// use SGD Nesterov momentum 0.9, weight decay 5e-4, cross entropy and random images; <see cref="Channels"/> and
/// <see cref="CellsPerStage"/> size the NAS-Bench-201 skeleton; the DARTS search network takes C from
/// <see cref="Channels"/>; the chain space has its own skeleton. The language model (<see cref="EngineBenchmarkMode.Lm"/>)
/// takes <see cref="Hidden"/>, <see cref="Layers"/>, <see cref="Bptt"/>, <see cref="Vocabulary"/> and, for a searched
/// cell in place of the LSTM, <see cref="Genotype"/> (<c>darts-rnn:...</c> or <c>tib:...</c>); its batch is
/// <see cref="LanguageModelBatch"/> unless given. <see cref="Profile"/> records an <see cref="Tensors.OpProfile"/> over
/// the timed steps.
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
    /// <summary>
    /// Untimed warm-up steps when none are given: 20 in spos and lm, <see cref="ChainWarmupSteps"/> in chain, 3 in darts
    /// and darts-space, whose steps run every op of every edge. .NET compiles a method first quickly and recompiles it
    /// optimised after 30 calls; code called a few times per step is still at its first tier after 3 short steps (the
    /// chain step measured 1,234-1,375 img/s after 3 warm-up steps and 1,639-1,876 after 20, in one sitting).
    /// </summary>
    public static int DefaultWarmupSteps(EngineBenchmarkMode mode) => mode switch
    {
        EngineBenchmarkMode.Darts or EngineBenchmarkMode.DartsSpace => 3,
        EngineBenchmarkMode.Chain => ChainWarmupSteps,
        _ => 20,
    };

    /// <summary>
    /// The chain mode's warm-up: its steps take 25-35 ms, and after 20 of them tiered compilation has not finished (two
    /// threads, session 24, five processes each, alternated: 1,912-2,338 img/s over the next 20 steps, against
    /// 3,332-3,412 with tiering off, <c>DOTNET_TieredCompilation=0</c>); after 150 the two agree (2,559-2,634 against
    /// 2,575-2,595 in a busier minute).
    /// </summary>
    public const int ChainWarmupSteps = 150;

    /// <summary>The batch of the language model's reference (PyTorch's word_language_model default, 20 columns).</summary>
    public const int LanguageModelBatch = 20;

    /// <summary>Hidden (and embedding) size of the language model.</summary>
    public int Hidden { get; init; } = 200;

    /// <summary>LSTM layers of the language model (a searched cell is one layer).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Time steps of one truncated back-propagation window.</summary>
    public int Bptt { get; init; } = 35;

    /// <summary>Vocabulary size (PTB's 10,000 words).</summary>
    public int Vocabulary { get; init; } = 10_000;

    /// <summary>A searched recurrent cell (<c>darts-rnn:...</c> or <c>tib:...</c>) in place of the LSTM, or null.</summary>
    public string? Genotype { get; init; }

    /// <summary>Every mode as the command line spells it.</summary>
    public static IReadOnlyList<string> ModeNames { get; } = [.. Enum.GetValues<EngineBenchmarkMode>().Select(ModeName)];

    /// <summary>Examples one step trains on: images, or tokens (batch x bptt) in the language model.</summary>
    public int ItemsPerStep => Mode == EngineBenchmarkMode.Lm ? Batch * Bptt : Batch;

    /// <summary>spos, darts, chain, darts-space, lm.</summary>
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

        if (Hidden < 1 || Layers < 1 || Bptt < 1 || Vocabulary < 2)
        {
            throw new ArgumentException($"bench engine: hidden {Hidden}, layers {Layers}, bptt {Bptt} (>= 1) and vocabulary {Vocabulary} (>= 2) are not all valid.");
        }

        if (Genotype != null && Mode != EngineBenchmarkMode.Lm)
        {
            throw new ArgumentException($"bench engine: a genotype ({Genotype}) applies to mode lm only, not {ModeName(Mode)}.");
        }
    }
}
