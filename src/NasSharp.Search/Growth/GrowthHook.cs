using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Growth;

/// <summary>
/// Growth inside the one epoch loop (<see cref="ISearchEpochHook"/>, RECURRENT.md 2.4 and 3): after every epoch it
/// measures the alpha-stream loss, lets the <see cref="GrowthController"/> decide, and applies what it did: the grown
/// node's weights join the weight optimiser and its gate (darts-rnn's omega, tib's gamma and gamma_e) the gains' Adam,
/// both with fresh state (its alpha table was in Adam from the start, untouched), IGP's reduced op lists become the
/// supernet's open mask, the loss just after is measured and the event recorded. Before every epoch it rekeys the
/// random stream of the cell's dropout masks from (seed, epoch). Its checkpoint state is the list of events (replayed on
/// a fresh supernet to rebuild the grown shape: contractions, the node, the edge by its (from, to) at the time) and the
/// controller's memory.
/// </summary>
public sealed class GrowthHook : ISearchEpochHook
{
    private readonly GrowthController controller;
    private readonly RecurrentSupernet supernet;
    private readonly KeyedRandom random;
    private readonly int seed;
    private readonly Func<double> alphaLoss;
    private readonly int stepsPerEpoch;
    private readonly List<GrowthRecord> events = [];
    private readonly List<AlphaLossRecord> losses = [];
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private Stopwatch clock = Stopwatch.StartNew();
    private double secondsBefore;

    /// <param name="controller">Decides growth; its mode None makes this hook a recorder of alpha losses.</param>
    /// <param name="supernet">The growing supernet.</param>
    /// <param name="random">The random source of the cell's (and task model's) dropout masks.</param>
    /// <param name="seed">Seed of the per-epoch keys of <paramref name="random"/>.</param>
    /// <param name="alphaLoss">The alpha-stream loss now (<see cref="SearchEvaluation.Loss{TBatch}"/>).</param>
    /// <param name="stepsPerEpoch">Weight steps per epoch (for node-steps).</param>
    public GrowthHook(GrowthController controller, RecurrentSupernet supernet, KeyedRandom random, int seed, Func<double> alphaLoss, int stepsPerEpoch)
    {
        this.controller = controller ?? throw new ArgumentNullException(nameof(controller));
        this.supernet = supernet ?? throw new ArgumentNullException(nameof(supernet));
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        this.alphaLoss = alphaLoss ?? throw new ArgumentNullException(nameof(alphaLoss));
        (this.seed, this.stepsPerEpoch) = (seed, stepsPerEpoch);
    }

    /// <summary>The growth events so far (and stops of growth), in order.</summary>
    public IReadOnlyList<GrowthRecord> Events => events;

    /// <summary>The alpha-stream loss after every epoch so far.</summary>
    public IReadOnlyList<AlphaLossRecord> AlphaLosses => losses;

    /// <summary>Called with each growth record as it happens; a resumed search replays the restored ones first, as the loop replays restored epochs.</summary>
    public Action<GrowthRecord>? OnGrowth { get; init; }

    public void BeginEpoch(DifferentiableTrainer trainer, int epoch) => random.Rekey(Strategies.SearchSeeds.Derive(seed + 2, epoch));

    public void EndEpoch(DifferentiableTrainer trainer, DifferentiableEpoch record)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(record);
        var epoch = record.Epoch + 1;
        var nodes = supernet.Cell.NodeGroups.Count;
        var before = alphaLoss();
        if (!double.IsFinite(before) && controller.Mode != GrowthMode.None)
        {
            // Training steps stayed finite but the evaluation-mode loss did not (e.g. batch-norm running statistics
            // overflowed): growth decisions would rest on it, so stop as a diverged run. Without growth the loss is only
            // recorded (a DSNAS-trained darts-rnn supernet's softmax mixture can overflow in evaluation for an epoch).
            throw new TrainingDivergedException(FormattableString.Invariant(
                $"training diverged: the alpha-stream loss after epoch {epoch} is {before} (weight learning rate {trainer.WeightOptimizer.LearningRate:G4}); try a lower --weight-lr"));
        }

        var steps = (losses.Count == 0 ? 0 : losses[^1].NodeSteps) + ((long)nodes * stepsPerEpoch);
        losses.Add(new AlphaLossRecord(epoch, before, nodes, steps, secondsBefore + clock.Elapsed.TotalSeconds));
        if (controller.EndEpoch(epoch, before) is not { } growth)
        {
            return;
        }

        Apply(trainer, growth.NewWeights);
        var after = growth.NewGroup == null && growth.NewEdge == null && growth.ContractedGroups.Count == 0 ? before : alphaLoss();
        var item = new GrowthRecord(epoch, growth.NodesBefore, growth.NodesAfter, before, after, growth.NewGroup, growth.ContractedGroups, growth.OpenChoices, growth.Stop, growth.NewEdge);
        events.Add(item);
        OnGrowth?.Invoke(item);
    }

    public string SaveState() => JsonSerializer.Serialize(new State(events, losses, controller.SaveState()), Json);

    public void RestoreState(DifferentiableTrainer trainer, string state)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var saved = JsonSerializer.Deserialize<State>(state, Json) ?? throw new InvalidDataException("GrowthHook: empty checkpoint state.");
        foreach (var item in saved.Events)
        {
            foreach (var group in item.ContractedGroups)
            {
                supernet.Cell.TryRemove(group);
            }

            var added = new List<NasSharp.Tensors.Tensor>(item.NewGroup == null ? [] : supernet.Cell.Grow());
            if (item.NewEdge is { } edge)
            {
                added.AddRange(supernet.Cell.GrowEdge(edge.From, edge.To).Weights);
            }

            Apply(trainer, added);
        }

        controller.LoadState(saved.Controller);
        ApplyMask(trainer);
        events.Clear();
        losses.Clear();
        events.AddRange(saved.Events);
        losses.AddRange(saved.Losses);
        secondsBefore = losses.Count == 0 ? 0 : losses[^1].Seconds;
        clock = Stopwatch.StartNew();
        foreach (var item in events)
        {
            OnGrowth?.Invoke(item);
        }
    }

    private void Apply(DifferentiableTrainer trainer, IReadOnlyList<NasSharp.Tensors.Tensor> added)
    {
        if (added.Count > 0)
        {
            trainer.AddWeights(added);
        }

        ApplyMask(trainer);
    }

    // IGP's reduced op lists are the supernet's open mask, read by every policy and by the derivation.
    private void ApplyMask(DifferentiableTrainer trainer)
    {
        if (controller.Mode == GrowthMode.Igp)
        {
            supernet.Restrict(ChoiceMask.FromOpen(supernet.Shapes, controller.OpenMask));
        }

        trainer.Recount();
    }

    private sealed record State(List<GrowthRecord> Events, List<AlphaLossRecord> Losses, GrowthControllerState Controller);
}
