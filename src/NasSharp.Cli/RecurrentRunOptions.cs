using System.Text.Json.Serialization;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>
/// The <c>options.json</c> of a recurrent search run (<c>nas search --space darts-rnn|tib</c>): every setting that
/// decides its result, flat, with the names and values the command line takes (node counts and learning rates as the
/// run used them, defaults resolved), so <c>--resume</c> can compare a new command line with it and
/// <c>nas search --resume NAME</c> alone can rebuild the run from it.
/// </summary>
internal sealed record RecurrentRunOptions
{
    /// <summary>How the fields are spelt on the command line, for <c>--resume</c>'s one line per differing option.</summary>
    public static readonly IReadOnlyDictionary<string, string> OptionNames = new Dictionary<string, string>
    {
        [nameof(Space)] = "--space", [nameof(Task)] = "--task", [nameof(Method)] = "--method", [nameof(Grow)] = "--grow", [nameof(GrowTrigger)] = "--grow-trigger", [nameof(GrowMorphism)] = "--grow-morphism",
        [nameof(GrowEvery)] = "--grow-every", [nameof(N0)] = "--n0", [nameof(Nmax)] = "--nmax", [nameof(Hidden)] = "--hidden", [nameof(BatchSize)] = "--batch-size",
        [nameof(Bptt)] = "--bptt", [nameof(Window)] = "--window", [nameof(Horizon)] = "--horizon", [nameof(Epochs)] = "--epochs", [nameof(WeightLr)] = "--weight-lr",
        [nameof(AlphaLr)] = "--alpha-lr", [nameof(GainLr)] = "--gain-lr", [nameof(Seed)] = "--seed", [nameof(Data)] = "--data", [nameof(Series)] = "--series", [nameof(RetrainEpochs)] = "--retrain-epochs",
        [nameof(TrainTokens)] = "--train-tokens", [nameof(AlphaTokens)] = "--alpha-tokens", [nameof(RandomBptt)] = "--random-bptt", [nameof(TibBound)] = "--tib-bound",
        [nameof(FewShot)] = "--fewshot", [nameof(SplitEdge)] = "--edge", [nameof(SplitEpochs)] = "--split-epochs",
    };

    // The value written for the built-in synthetic data (no --data).
    private const string Synthetic = "synthetic";

    private readonly float? gainLr;

    public required string Space { get; init; }

    public required string Task { get; init; }

    public required string Method { get; init; }

    public required string Grow { get; init; }

    public required string GrowTrigger { get; init; }

    /// <summary>node, edge or both; runs recorded before edge growth existed grew nodes.</summary>
    public string GrowMorphism { get; init; } = "node";

    public int? GrowEvery { get; init; }

    public required int N0 { get; init; }

    public required int Nmax { get; init; }

    public required int Hidden { get; init; }

    public required int BatchSize { get; init; }

    public required int Bptt { get; init; }

    /// <summary>--random-bptt (false in runs made before the option existed).</summary>
    public bool RandomBptt { get; init; }

    public required int Window { get; init; }

    public required int Horizon { get; init; }

    public required int Epochs { get; init; }

    public required float WeightLr { get; init; }

    public required float AlphaLr { get; init; }

    /// <summary>--gain-lr as given; null: the alpha rate (runs made before omega had its own Adam trained it with the weight SGD).</summary>
    public float? GainLr { get => gainLr; init => gainLr = value; }

    /// <summary>The option's name until tib's gamma joined the gains (<c>omega_lr</c> in older options.json): read into <see cref="GainLr"/>, never written.</summary>
    [JsonPropertyName("omega_lr")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? OmegaLr { get => null; init => gainLr ??= value; }

    /// <summary>
    /// tib: true, its gates gamma_k, gamma_e are among the gains (the gains' Adam trains them); missing in tib runs
    /// recorded before, whose weight optimiser trained them, so their checkpoint cannot go on as they started
    /// (<see cref="RefuseResumeOfOldTib"/>). darts-rnn: not written (its gains were omega then as now).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TibGatesInGains { get; init; }

    /// <summary>--tib-bound (false in runs made before the option existed: they ran unbounded).</summary>
    public bool TibBound { get; init; }

    public required int Seed { get; init; }

    /// <summary>The --data path as given, or "synthetic".</summary>
    public required string Data { get; init; }

    public required string Series { get; init; }

    public required int RetrainEpochs { get; init; }

    public int? TrainTokens { get; init; }

    public int? AlphaTokens { get; init; }

    /// <summary>--fewshot (false in runs made before recurrent searches could split).</summary>
    public bool FewShot { get; init; }

    /// <summary>--edge of a few-shot search; null otherwise.</summary>
    public int? SplitEdge { get; init; }

    /// <summary>--split-epochs of a few-shot search; null otherwise.</summary>
    public int? SplitEpochs { get; init; }

    /// <summary>What a run asked for <paramref name="options"/> records.</summary>
    public static RecurrentRunOptions Of(RecurrentSearchCliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Search;
        return new RecurrentRunOptions
        {
            Space = RecurrentSearchCli.Name(o.Space), Task = RecurrentSearchCli.Name(o.Task), Method = DifferentiableMethods.Name(o.Search.Method), Grow = RecurrentSearchCli.Name(o.Grow),
            GrowTrigger = RecurrentSearchCli.Name(o.Trigger), GrowMorphism = RecurrentSearchCli.Name(o.GrowMorphism), GrowEvery = o.GrowEvery, N0 = o.InitialNodeCount, Nmax = o.MaxNodeCount, Hidden = o.Hidden, BatchSize = o.BatchSize,
            Bptt = o.Bptt, RandomBptt = o.RandomBptt, Window = o.Window, Horizon = o.Horizon, Epochs = o.Search.Epochs, WeightLr = o.Search.WeightLearningRate, AlphaLr = o.Search.ArchitectureLearningRate,
            GainLr = o.Search.GainLearningRate, TibGatesInGains = o.Space == RecurrentSpace.Tib ? true : null, TibBound = o.TibBound,
            Seed = o.Search.Seed, Data = options.Data ?? Synthetic, Series = options.Series, RetrainEpochs = options.RetrainEpochs, TrainTokens = options.TrainTokens, AlphaTokens = options.AlphaTokens,
            FewShot = o.FewShot != null, SplitEdge = o.FewShot?.SplitEdge, SplitEpochs = o.FewShot?.SplitEpochs,
        };
    }

    /// <summary>
    /// Refuses, with one line, to resume a tib run recorded before its gates gamma joined the gains: its checkpoint holds
    /// them in the weight optimiser's state, and this version trains them with the gains' Adam.
    /// </summary>
    public void RefuseResumeOfOldTib(string path)
    {
        if (RecurrentSearchCli.Parse<RecurrentSpace>("--space", Space) == RecurrentSpace.Tib && TibGatesInGains != true)
        {
            throw new ArgumentException($"--resume {path}: this tib run was made before tib's gates gamma had their own Adam (--gain-lr); its weight optimiser trained them, so it cannot go on as it started: start it again without --resume");
        }
    }

    /// <summary>The run these options describe, written to <paramref name="name"/> in <paramref name="out"/> (resumed when <paramref name="resume"/>).</summary>
    public RecurrentSearchCliOptions ToCliOptions(string @out, string? name, string? resume, bool json)
    {
        var task = RecurrentSearchCli.Parse<RecurrentTask>("--task", Task);
        var search = RecurrentSearchOptions.ForTask(task, DifferentiableMethods.Parse(Method), Epochs, Seed) with
        {
            WeightLearningRate = WeightLr, WeightLearningRateMin = WeightLr, ArchitectureLearningRate = AlphaLr, GainLearningRate = GainLr,
        };
        var options = new RecurrentSearchOptions
        {
            Space = RecurrentSearchCli.Parse<RecurrentSpace>("--space", Space), Task = task, Grow = RecurrentSearchCli.Parse<NasSharp.Search.Growth.GrowthMode>("--grow", Grow),
            Trigger = RecurrentSearchCli.Parse<GrowthTriggerKind>("--grow-trigger", GrowTrigger), GrowMorphism = RecurrentSearchCli.Parse<NasSharp.Search.Growth.GrowthMorphism>("--grow-morphism", GrowMorphism), GrowEvery = GrowEvery, InitialNodes = N0, MaxNodes = Nmax, Hidden = Hidden,
            BatchSize = BatchSize, Bptt = Bptt, RandomBptt = RandomBptt, Window = Window, Horizon = Horizon, Search = search, TibBound = TibBound,
            FewShot = FewShot ? new RecurrentFewShotOptions { SplitEdge = SplitEdge ?? 0, SplitEpochs = SplitEpochs ?? 1 } : null,
        };
        options.Validate();
        return new RecurrentSearchCliOptions(options, Data == Synthetic ? null : Data, Series, TrainTokens, AlphaTokens, RetrainEpochs, @out, name, json) { Resume = resume };
    }
}
