using NasSharp.NN.Training;
using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// How a recurrent search builds, searches and scores a supernet on its task's streams: the one-shot search is one
/// part, a few-shot search (<see cref="FewShotDifferentiableSearch"/>) its warm-up and one part per sub-supernet. Each
/// part runs the one epoch loop with its own <see cref="GrowthHook"/> (growth, the alpha-stream loss after every epoch,
/// the per-epoch keys of the dropout masks) and is scored by the alpha-stream loss after its last epoch
/// (<see cref="SearchEvaluation.Loss{TBatch}"/> on the held-out stream, the same for every method): the lowest is
/// preferred, a non-finite loss last.
/// </summary>
/// <typeparam name="TBatch">Token windows or series windows.</typeparam>
public sealed class RecurrentSearchPartRunner<TBatch> : IFewShotPartRunner<RecurrentSearchResult>
    where TBatch : class
{
    private readonly RecurrentSearchOptions options;
    private readonly int inputSize;
    private readonly KeyedRandom random;
    private readonly ISearchTask<TBatch> task;
    private readonly ISearchData<TBatch> weights;
    private readonly ISearchData<TBatch> alpha;
    private readonly Action<GrowthRecord>? onGrowth;
    private readonly Dictionary<DifferentiableTrainer, GrowthHook> hooks = new(ReferenceEqualityComparer.Instance);

    /// <param name="options">The search.</param>
    /// <param name="inputSize">Inputs per time step of the cell (embedding size, series columns).</param>
    /// <param name="random">The run's stream of dropout masks, used by every part's cell and task model; each part's hook rekeys it from (the part's seed, epoch) before every epoch.</param>
    /// <param name="task">The loss of a batch.</param>
    /// <param name="weights">The weight stream.</param>
    /// <param name="alpha">The held-out alpha stream: architecture steps of the bilevel methods and every part's score.</param>
    /// <param name="onGrowth">Called with each growth event.</param>
    public RecurrentSearchPartRunner(RecurrentSearchOptions options, int inputSize, KeyedRandom random, ISearchTask<TBatch> task, ISearchData<TBatch> weights, ISearchData<TBatch> alpha, Action<GrowthRecord>? onGrowth = null)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        this.task = task ?? throw new ArgumentNullException(nameof(task));
        this.weights = weights ?? throw new ArgumentNullException(nameof(weights));
        this.alpha = alpha ?? throw new ArgumentNullException(nameof(alpha));
        (this.inputSize, this.onGrowth) = (inputSize, onGrowth);
    }

    public IComparer<RecurrentSearchResult> Preference { get; } = Comparer<RecurrentSearchResult>.Create((a, b) =>
        (double.IsFinite(a.AlphaLoss), double.IsFinite(b.AlphaLoss)) switch
        {
            (true, false) => -1,
            (false, true) => 1,
            _ => a.AlphaLoss.CompareTo(b.AlphaLoss),
        });

    /// <summary>
    /// The sub-supernet, its fresh cell drawn from the run's keyed stream (its weights are then replaced by the
    /// parent's); <paramref name="seed"/> is not needed: the part's dropout masks are keyed by its trainer's seed.
    /// </summary>
    public ChoiceSupernet CreatePart(ChoiceSupernet parent, ChoiceSplit split, int seed)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.CreateSubSupernet(split, new FixedChoicePolicy(parent.Shapes.Select(s => new int[s.Rows]).ToArray()), random);
    }

    public DifferentiableTrainer CreateTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, ChoiceTables? initialTables) =>
        DifferentiableMethods.Create(supernet, options, 1, null, initialTables);

    public DifferentiableSearchResult Search(DifferentiableTrainer trainer, Action<DifferentiableEpoch>? onEpoch, string? checkpointDirectory)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var supernet = (RecurrentSupernet)trainer.Supernet;
        var controller = new GrowthController(
            options.Grow, supernet.Cell, trainer.Tables, Trigger(options), new GrowthStoppingRule(options.MaxNodeCount, options.Search.Epochs), OpSchedule(options.Space),
            options.GrowMorphism, () => GateGradients.Measure(supernet, trainer.Tables, task, alpha));
        var hook = new GrowthHook(controller, supernet, random, trainer.Options.Seed, () => SearchEvaluation.Loss(supernet, trainer.Tables, task, alpha), weights.BatchCount)
        {
            OnGrowth = onGrowth,
        };
        hooks[trainer] = hook;
        return DifferentiableSearch.Run(trainer, task, weights, trainer.Bilevel ? alpha : null, onEpoch, checkpointDirectory, hook);
    }

    /// <summary>The searched part as a recurrent result: its genotype after the space's contraction, the derived cell's size, its growth and alpha-stream losses.</summary>
    public RecurrentSearchResult Score(DifferentiableTrainer trainer, DifferentiableSearchResult search)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(search);
        var hook = hooks.TryGetValue(trainer, out var h) ? h : throw new InvalidOperationException("RecurrentSearchPartRunner: that trainer was not searched by this runner.");
        var genotype = ((RecurrentSupernet)trainer.Supernet).Cell.DescribeContracted(search.Path);
        var parameters = RecurrentCells.Create(genotype, inputSize, options.Hidden, new Random(0), tibBound: options.TibBound).ParameterCount();
        return new RecurrentSearchResult(search, genotype, parameters, RecurrentCells.HasHadamard(genotype), hook.Events, hook.AlphaLosses);
    }

    // Edge growth's default period [NASSHARP] mirrors the node schedule's: the chain's N (N - 1) / 2 possible edges as the
    // growth room, so the last edge gets as many epochs as the others.
    private static IGrowthTrigger Trigger(RecurrentSearchOptions o) => o.Trigger == GrowthTriggerKind.Plateau
        ? new PlateauTrigger()
        : new ScheduleTrigger(o.GrowEvery ?? (o.GrowMorphism == GrowthMorphism.Edge
            ? ScheduleTrigger.DefaultEvery(o.Search.Epochs, 1, (o.MaxNodeCount * (o.MaxNodeCount - 1) / 2) + 1)
            : ScheduleTrigger.DefaultEvery(o.Search.Epochs, o.InitialNodeCount, o.MaxNodeCount)));

    // IGP's open choices per row after each growth event (RECURRENT.md 4): tib 9 -> 6 -> 4 -> 3 -> 2; darts-rnn's 5 -> 4 -> 3 -> 2.
    private static int[] OpSchedule(RecurrentSpace space) => space == RecurrentSpace.Tib ? [6, 4, 3, 2] : [4, 3, 2];
}
