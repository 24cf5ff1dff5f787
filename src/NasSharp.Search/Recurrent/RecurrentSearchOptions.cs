using NasSharp.Search.Growth;
using NasSharp.Search.Training;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// A recurrent architecture search (RECURRENT.md 2-4): space, task, growth mode and trigger, the cell's size, the data
/// reading, dropouts, and the differentiable method's hyper-parameters (<see cref="Search"/>, from
/// <see cref="ForTask"/>: the DARTS recurrent recipe for language modelling, LSTNet's Adam for forecasting).
/// </summary>
public sealed record RecurrentSearchOptions
{
    public RecurrentSpace Space { get; init; } = RecurrentSpace.Tib;

    public RecurrentTask Task { get; init; } = RecurrentTask.Forecast;

    public GrowthMode Grow { get; init; } = GrowthMode.None;

    public GrowthTriggerKind Trigger { get; init; } = GrowthTriggerKind.Schedule;

    /// <summary>What a growth event adds: a node (default), an edge (tib M4; the chain keeps N_max nodes), or both.</summary>
    public GrowthMorphism GrowMorphism { get; init; } = GrowthMorphism.Node;

    /// <summary>E_g of the schedule trigger (null: floor(E / (N_max - N_0 + 1))).</summary>
    public int? GrowEvery { get; init; }

    /// <summary>N_0 when growing nodes (null: 1 for tib, 2 for darts-rnn); ignored by <c>--grow none</c> and edge growth, which start at N_max.</summary>
    public int? InitialNodes { get; init; }

    /// <summary>N_max (null: 6 for tib, 8 for darts-rnn).</summary>
    public int? MaxNodes { get; init; }

    /// <summary>H, the state size (and the embedding size of a language model, tied).</summary>
    public int Hidden { get; init; } = 32;

    public int BatchSize { get; init; } = 64;

    /// <summary>Language modelling: window length.</summary>
    public int Bptt { get; init; } = 35;

    /// <summary>
    /// Language modelling: the DARTS code's drawn window lengths on the weight stream (rnn/train_search.py: Bptt with
    /// probability 0.95, else Bptt / 2, the step's learning rate scaled by length / Bptt; RECURRENT.md 2.1 item 3), and
    /// the derived cell's retraining with rnn/train.py's (<see cref="NasSharp.Data.BpttLengthRule.DartsRetrain"/>).
    /// Off: every window is Bptt steps. The alpha stream always reads windows of Bptt, as the code's architect does.
    /// Off by default here; <c>nas search --task lm</c> turns it on, as RECURRENT.md's recipe has it.
    /// </summary>
    public bool RandomBptt { get; init; }

    /// <summary>Forecasting: rows per input window.</summary>
    public int Window { get; init; } = 24;

    /// <summary>Forecasting: rows ahead.</summary>
    public int Horizon { get; init; } = 3;

    /// <summary>dropoutx, dropouth inside the cell.</summary>
    public float CellInputDropout { get; init; }

    public float CellHiddenDropout { get; init; }

    /// <summary>Language modelling: dropoute, dropouti, dropout (RECURRENT.md 6, small model: 0 / 0.1 / 0.3 with x/h 0.3 / 0.1).</summary>
    public float EmbeddingDropout { get; init; }

    public float EmbeddingInputDropout { get; init; }

    public float OutputDropout { get; init; }

    /// <summary>Language modelling: TAR beta.</summary>
    public float TemporalBeta { get; init; } = 1e-3f;

    /// <summary>
    /// tib: h_t = tanh(s_N) in the search cell and the derived cell (--tib-bound; RECURRENT.md 1.2, "Stability").
    /// Off by default, so runs without it are unchanged.
    /// </summary>
    public bool TibBound { get; init; }

    /// <summary>darts-rnn: the search cell's batch norm (DARTS: on).</summary>
    public bool BatchNorm { get; init; } = true;

    public DifferentiableSearchOptions Search { get; init; } = ForTask(RecurrentTask.Forecast, DifferentiableMethod.Darts, 10, 0);

    /// <summary>Few-shot: split the supernet after <see cref="Search"/>'s epochs and search each part; null: one-shot.</summary>
    public RecurrentFewShotOptions? FewShot { get; init; }

    /// <summary>The mixed edges a few-shot split can take (<see cref="RecurrentFewShotOptions.SplitEdge"/>): tib N, darts-rnn N (N + 1) / 2 for N = N_max.</summary>
    public int SplitEdgeCount => Space == RecurrentSpace.Tib ? MaxNodeCount : MaxNodeCount * (MaxNodeCount + 1) / 2;

    public int InitialNodeCount => Grow == GrowthMode.None || GrowMorphism == GrowthMorphism.Edge ? MaxNodeCount : InitialNodes ?? (Space == RecurrentSpace.Tib ? 1 : 2);

    public int MaxNodeCount => MaxNodes ?? (Space == RecurrentSpace.Tib ? 6 : 8);

    /// <summary>
    /// The method's recipe for a task: language modelling as the DARTS RNN search (SGD lr 20 constant, no momentum,
    /// weight decay 5e-7, clip 0.25; alpha Adam 3e-3, betas (0.9, 0.999), decay 1e-3), forecasting with Adam 1e-3 and
    /// clip 10 for the weights (RECURRENT.md 2.2, 2.5).
    /// </summary>
    public static DifferentiableSearchOptions ForTask(RecurrentTask task, DifferentiableMethod method, int epochs, int seed) => task == RecurrentTask.Lm
        ? new DifferentiableSearchOptions
        {
            Method = method, Epochs = epochs, Seed = seed, WeightLearningRate = 20f, WeightLearningRateMin = 20f, WeightMomentum = 0f, WeightDecay = 5e-7f,
            GradientClip = 0.25f, ArchitectureLearningRate = 3e-3f, ArchitectureBeta1 = 0.9f, ArchitectureBeta2 = 0.999f, ArchitectureWeightDecay = 1e-3f,
        }
        : new DifferentiableSearchOptions
        {
            Method = method, Epochs = epochs, Seed = seed, WeightAlgorithm = WeightAlgorithm.Adam, WeightLearningRate = 1e-3f, WeightLearningRateMin = 1e-3f,
            WeightDecay = 0f, GradientClip = 10f, ArchitectureLearningRate = 3e-3f, ArchitectureBeta1 = 0.9f, ArchitectureBeta2 = 0.999f, ArchitectureWeightDecay = 1e-3f,
        };

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        static void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"Recurrent search: {what}.");
            }
        }

        Search.Validate();
        Check(Hidden > 0 && BatchSize > 0 && Bptt > 0 && Window > 0 && Horizon > 0, $"hidden {Hidden}, batch {BatchSize}, bptt {Bptt}, window {Window} and horizon {Horizon} must be positive");
        Check(MaxNodeCount > 0 && InitialNodeCount > 0 && InitialNodeCount <= MaxNodeCount, $"nodes must satisfy 0 < n0 ({InitialNodeCount}) <= nmax ({MaxNodeCount})");
        Check(GrowEvery is null or > 0, $"grow-every must be positive, got {GrowEvery}");
        Check(!TibBound || Space == RecurrentSpace.Tib, "--tib-bound applies to --space tib (tanh on the chain's output h_t, RECURRENT.md 1.2); a darts-rnn cell's h_t is the mean of its nodes");
        Check(GrowMorphism == GrowthMorphism.Node || Space == RecurrentSpace.Tib, $"--grow-morphism {GrowMorphism.ToString().ToLowerInvariant()} adds edges, which only tib has: the darts-rnn search cell is dense already (node i reads every earlier state)");
        Check(GrowMorphism == GrowthMorphism.Node || Grow != GrowthMode.None, $"--grow-morphism {GrowMorphism.ToString().ToLowerInvariant()} needs a growing search (--grow gtp or igp)");
        Check(GrowMorphism != GrowthMorphism.Edge || MaxNodeCount >= 2, $"edge growth needs a chain of at least 2 nodes (nmax {MaxNodeCount}) for an edge to skip one");
        if (FewShot is { } fewShot)
        {
            // [NASSHARP] A split fixes one row of a fixed supernet; growth would add nodes, tables and (IGP) masks that
            // the parts would grow apart on, and the warm-up's grown shape would have to be replayed in every part.
            Check(Grow == GrowthMode.None, $"--fewshot splits a fixed supernet and cannot be combined with --grow {Grow.ToString().ToLowerInvariant()}; use --grow none");
            Check(fewShot.SplitEpochs > 0, $"--split-epochs must be positive, got {fewShot.SplitEpochs}");
            var edges = Space == RecurrentSpace.Tib ? "the nodes of its chain" : "the mixed edges of its nodes in node order, 0 is node 1 <- 0";
            Check(fewShot.SplitEdge >= 0 && fewShot.SplitEdge < SplitEdgeCount, $"--edge {fewShot.SplitEdge} is out of range 0..{SplitEdgeCount - 1} for {(Space == RecurrentSpace.Tib ? "tib" : "darts-rnn")} with {MaxNodeCount} nodes ({edges})");
        }
    }
}
