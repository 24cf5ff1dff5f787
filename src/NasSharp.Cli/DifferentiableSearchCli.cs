using System.CommandLine;
using System.CommandLine.Parsing;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>
/// The options of <c>nas search --method darts|darts2|gdas|snas|dsnas</c>. Options that other branches of
/// <c>nas search</c> also define (--channels, --epochs, --data, ...) are added only when absent and read by name,
/// with the same defaults, so one option serves both. A method given routes <c>nas search</c> here.
/// </summary>
internal static class DifferentiableSearchCli
{
    /// <summary>Routes <c>nas search</c> to the differentiable search when given.</summary>
    public static readonly Option<string?> Method = new("--method") { Description = $"Differentiable search: {string.Join(", ", DifferentiableMethods.All)} (darts2 = second order). Uses --dataset (default synthetic), --data, --epochs, --channels, --cells, --fewshot ..." };

    private static readonly Option[] Options =
    [
        Method,
        new Option<string?>("--data") { Description = "Data directory of image datasets (default: $NASSHARP_DATA)." },
        new Option<int>("--channels") { Description = "Skeleton width C of supernets and stand-alone networks (NAS-Bench-201: 16).", DefaultValueFactory = _ => 8 },
        new Option<int>("--cells") { Description = "Cells per stage N (NAS-Bench-201: 5; the DARTS space stacks 3N + 2 cells, its search network N = 2).", DefaultValueFactory = _ => 1 },
        new Option<int>("--epochs") { Description = "Search epochs (few-shot: of the one-shot warm-up).", DefaultValueFactory = _ => 6 },
        new Option<int>("--edge") { Description = "Few-shot: the row split into sub-supernets (nb201: edge 0..5, 0 is 1<-0; darts: normal-cell edge 0..13; chain: layer).", DefaultValueFactory = _ => 0 },
        new Option<int>("--split-epochs") { Description = "Few-shot: search epochs per sub-supernet.", DefaultValueFactory = _ => 1 },
        new Option<int>("--final-epochs") { Description = "Stand-alone epochs of the found architecture, trained from scratch (0: skip).", DefaultValueFactory = _ => 8 },
        new Option<int>("--train-images") { Description = "Training images used (0: all); the search splits them in halves (weights / architecture).", DefaultValueFactory = _ => 4000 },
        new Option<int>("--test-images") { Description = "Test images for the reported accuracies (0: all).", DefaultValueFactory = _ => 0 },
        new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 64 },
        new Option<bool>("--fewshot") { Description = "Few-shot differentiable search: --epochs of the one-shot supernet, then the method for --split-epochs on each sub-supernet of a split of --edge, keeping the best (images: held-out accuracy; darts-rnn and tib: the lowest alpha-stream loss, with --grow none)." },
        new Option<float>("--flops-penalty") { Description = "Weight of the expected-FLOPs term in the architecture loss (0: off; in [0, weight]).", DefaultValueFactory = _ => 0f },
        new Option<int?>("--early-stop-skips") { Description = "DARTS+ collapse guard: stop when the derived cell has at least this many skip connections (Liang et al. 2019 use 2)." },
        new Option<int>("--child-epochs") { Description = "After the search, train the derived child on with its inherited weights (DSNAS: no retraining).", DefaultValueFactory = _ => 0 },
        new Option<float>("--weight-lr") { Description = "Weight learning rate (cosine to 0.001; DARTS 0.025).", DefaultValueFactory = _ => 0.025f },
        new Option<float>("--alpha-lr") { Description = "Architecture learning rate (Adam; DARTS 3e-4).", DefaultValueFactory = _ => 3e-4f },
        new Option<bool>("--auxiliary") { Description = "DARTS space: retrain with DARTS's auxiliary head (loss weight 0.4); drop path ramps to 0.2 either way." },
        new Option<double>("--final-lr") { Description = "Stand-alone training learning rate (SGD Nesterov 0.9, cosine to 0, weight decay 5e-4).", DefaultValueFactory = _ => 0.05 },
    ];

    /// <summary>The options only <c>--method</c> searches read (added by <see cref="AddTo"/>): given without --method they would do nothing.</summary>
    public static IReadOnlyList<string> OwnOptionNames => ownOptionNames;

    private static readonly List<string> ownOptionNames = [];

    /// <summary>Adds the options the command does not have yet.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in Options)
        {
            if (!command.Options.Any(o => o.Name == option.Name))
            {
                command.Options.Add(option);
                if (!ownOptionNames.Contains(option.Name))
                {
                    ownOptionNames.Add(option.Name);
                }
            }
        }
    }

    /// <summary>Reads and validates the options.</summary>
    public static DifferentiableRunOptions Bind(ParseResult r, string? dataDirectory)
    {
        var method = DifferentiableMethods.Parse(r.GetValue(Method)!);
        var space = r.GetValue<string>("--space")!;
        if (space is not ("nb201" or "darts" or "chain"))
        {
            throw new ArgumentException($"--method {DifferentiableMethods.Name(method)}: unknown space '{space}' (expected: nb201, darts, chain)");
        }

        var search = new DifferentiableSearchOptions
        {
            Method = method,
            Epochs = Positive(r.GetValue<int>("--epochs"), "epochs"),
            WeightLearningRate = r.GetValue<float>("--weight-lr"),
            WeightLearningRateMin = Math.Min(0.001f, r.GetValue<float>("--weight-lr")),
            ArchitectureLearningRate = r.GetValue<float>("--alpha-lr"),
            FlopsPenalty = r.GetValue<float>("--flops-penalty"),
            EarlyStopSkipConnections = r.GetValue<int?>("--early-stop-skips"),
            Seed = r.GetValue<int>("--seed"),
        };
        search.Validate();
        var explicitDataset = r.GetResult("--dataset") is OptionResult { Implicit: false };
        return new DifferentiableRunOptions
        {
            Space = space,
            Search = search,
            Dataset = explicitDataset ? r.GetValue<string>("--dataset")! : "synthetic",
            DataDirectory = r.GetValue<string?>("--data") is { Length: > 0 } data ? data : dataDirectory,
            Channels = Positive(r.GetValue<int>("--channels"), "channels"),
            Cells = Positive(r.GetValue<int>("--cells"), "cells"),
            BatchSize = Positive(r.GetValue<int>("--batch-size"), "batch-size"),
            TrainImages = NonNegative(r.GetValue<int>("--train-images"), "train-images"),
            TestImages = NonNegative(r.GetValue<int>("--test-images"), "test-images"),
            FewShot = r.GetValue<bool>("--fewshot"),
            SplitEdge = Edge(r.GetValue<int>("--edge"), space),
            SplitEpochs = Positive(r.GetValue<int>("--split-epochs"), "split-epochs"),
            ChildEpochs = NonNegative(r.GetValue<int>("--child-epochs"), "child-epochs"),
            FinalEpochs = NonNegative(r.GetValue<int>("--final-epochs"), "final-epochs"),
            FinalLearningRate = PositiveRate(r.GetValue<double>("--final-lr")),
            Auxiliary = r.GetValue<bool>("--auxiliary"),
            Seed = search.Seed,
            Out = r.GetValue<string>("--out")!,
            Name = r.GetValue<string?>("--name"),
            Resume = r.GetValue<string?>("--resume"),
            Json = r.GetValue<bool>("--json"),
        };
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"--{name} must be positive, got {value}");

    private static int Edge(int edge, string space)
    {
        var rows = space switch { "nb201" => 6, "darts" => 14, _ => new Search.Spaces.Chain.ChainSpaceOptions().Layers };
        return edge >= 0 && edge < rows ? edge : throw new ArgumentException($"--edge {edge} is out of range 0..{rows - 1} for space {space}");
    }

    private static double PositiveRate(double lr) =>
        lr > 0 && double.IsFinite(lr) ? lr : throw new ArgumentException($"--final-lr must be positive, got {lr}");

    private static int NonNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentException($"--{name} must not be negative, got {value}");
}
