using System.CommandLine;
using System.CommandLine.Parsing;
using NasSharp.Search.Growth;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Training;

namespace NasSharp.Cli;

/// <summary>
/// The options of <c>nas search --space darts-rnn|tib</c> (RECURRENT.md 7): task, growth mode and trigger, node counts,
/// sizes and data. Options other branches also define (--method, --epochs, --batch-size, --weight-lr, --alpha-lr,
/// --data, --seed, and the few-shot --fewshot, --edge, --split-epochs) are read by name; a value left at another
/// branch's default takes the recurrent task's default.
/// </summary>
internal static class RecurrentSearchCli
{
    // The command-line names of each enum, in enum order.
    private static readonly Dictionary<Type, string[]> NameTables = new()
    {
        [typeof(RecurrentSpace)] = ["darts-rnn", "tib"],
        [typeof(RecurrentTask)] = ["lm", "forecast"],
        [typeof(GrowthMode)] = ["none", "gtp", "igp"],
        [typeof(GrowthTriggerKind)] = ["schedule", "plateau"],
        [typeof(GrowthMorphism)] = ["node", "edge", "both"],
    };

    private static readonly Option[] Options =
    [
        new Option<string>("--task") { Description = "Recurrent search (--space darts-rnn|tib): lm (language model) or forecast.", DefaultValueFactory = _ => "forecast" },
        new Option<string>("--grow") { Description = "Recurrent search: none (fixed backbone), gtp (grow then prune) or igp (interleaved grow and prune).", DefaultValueFactory = _ => "none" },
        new Option<string>("--grow-trigger") { Description = "Recurrent search: schedule (every --grow-every epochs) or plateau.", DefaultValueFactory = _ => "schedule" },
        new Option<string>("--grow-morphism") { Description = "Recurrent search: what a growth event adds: node, edge (tib: an edge into the node with the largest |dL/dgamma|; the chain keeps --nmax nodes) or both (tib).", DefaultValueFactory = _ => "node" },
        new Option<int?>("--grow-every") { Description = "Recurrent search: epochs between growth events (default floor(E / (nmax - n0 + 1)))." },
        new Option<int?>("--n0") { Description = "Recurrent search: nodes at the start when growing (tib 1, darts-rnn 2)." },
        new Option<int?>("--nmax") { Description = "Recurrent search: most nodes (tib 6, darts-rnn 8); --grow none uses it from the start." },
        new Option<int>("--hidden") { Description = "Recurrent search: state size H (and embedding size of the language model).", DefaultValueFactory = _ => 32 },
        new Option<int>("--bptt") { Description = "Recurrent search, lm: window length.", DefaultValueFactory = _ => 35 },
        new Option<bool>("--random-bptt") { Description = "Recurrent search, lm: the DARTS code's window lengths (RECURRENT.md 2.1: bptt, or bptt / 2 with probability 0.05; the step's learning rate scaled by length / bptt) on the weight stream, and train.py's (jittered by N(0, 5)) in the retraining; '--random-bptt false': every window --bptt.", DefaultValueFactory = _ => true },
        new Option<int>("--window") { Description = "Recurrent search, forecast: input rows.", DefaultValueFactory = _ => 24 },
        new Option<int>("--horizon") { Description = "Recurrent search, forecast: rows ahead.", DefaultValueFactory = _ => 3 },
        new Option<string>("--series") { Description = "Recurrent search, forecast: the series file name under --data (without .txt or .txt.gz).", DefaultValueFactory = _ => "exchange_rate" },
        new Option<int?>("--train-tokens") { Description = "Recurrent search, lm: training tokens for the weights (default 90 % of ptb.train)." },
        new Option<int?>("--alpha-tokens") { Description = "Recurrent search, lm: the next tokens of ptb.train, held out for alpha (default the rest)." },
        new Option<float?>("--gain-lr") { Description = "Recurrent search: learning rate of the Adam that trains the cell's scalar gains on the weight batches: darts-rnn's output weights omega (--grow gtp|igp), tib's gates gamma (default: --alpha-lr)." },
        new Option<bool>("--tib-bound") { Description = "Recurrent search, tib: h_t = tanh(s_N), the state bounded in the search cell and the retrained cell (RECURRENT.md 1.2, Stability). Default: h_t = s_N." },
        new Option<int>("--retrain-epochs") { Description = "Recurrent search: epochs to retrain the derived cell from scratch and report its valid/test scores (0: skip).", DefaultValueFactory = _ => 5 },
    ];

    /// <summary>True when <c>--space</c> names a recurrent space.</summary>
    public static bool Handles(ParseResult r) => r.GetValue<string>("--space") is "darts-rnn" or "tib";

    /// <summary>
    /// Every option a recurrent search reads: its own and the search command's shared ones. Any other (an image
    /// search's --channels, --budget, --store ...) would be silently ignored, so <see cref="SearchCommand"/> refuses it.
    /// </summary>
    public static IReadOnlySet<string> ReadOptionNames =>
        Options.Select(o => o.Name).Concat(["--space", "--data", "--seed", "--out", "--name", "--json", "--resume", "--threads", "--epochs", "--edge", "--split-epochs", "--batch-size", "--method", "--fewshot", "--weight-lr", "--alpha-lr", "--in-flight"]).ToHashSet();

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in Options.Where(o => !command.Options.Any(c => c.Name == o.Name)))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads and validates the options; one clear line naming the bad value otherwise.</summary>
    public static RecurrentSearchCliOptions Bind(ParseResult r, string? dataDirectory)
    {
        var task = Parse<RecurrentTask>("--task", r.GetValue<string>("--task")!);
        var method = DifferentiableMethods.Parse(r.GetValue<string?>("--method") ?? "darts");
        var epochs = r.GetValue<int>("--epochs");
        var seed = r.GetValue<int>("--seed");
        var search = RecurrentSearchOptions.ForTask(task, method, epochs, seed);
        if (Given(r, "--weight-lr"))
        {
            search = search with { WeightLearningRate = r.GetValue<float>("--weight-lr"), WeightLearningRateMin = r.GetValue<float>("--weight-lr") };
        }

        if (Given(r, "--alpha-lr"))
        {
            search = search with { ArchitectureLearningRate = r.GetValue<float>("--alpha-lr") };
        }

        if (r.GetValue<float?>("--gain-lr") is { } gainRate)
        {
            search = search with { GainLearningRate = gainRate };
        }

        var options = new RecurrentSearchOptions
        {
            Space = Parse<RecurrentSpace>("--space", r.GetValue<string>("--space")!),
            Task = task,
            Grow = Parse<GrowthMode>("--grow", r.GetValue<string>("--grow")!),
            Trigger = Parse<GrowthTriggerKind>("--grow-trigger", r.GetValue<string>("--grow-trigger")!),
            GrowMorphism = Parse<GrowthMorphism>("--grow-morphism", r.GetValue<string>("--grow-morphism")!),
            GrowEvery = r.GetValue<int?>("--grow-every"),
            InitialNodes = r.GetValue<int?>("--n0"),
            MaxNodes = r.GetValue<int?>("--nmax"),
            Hidden = r.GetValue<int>("--hidden"),
            BatchSize = Given(r, "--batch-size") ? r.GetValue<int>("--batch-size") : (task == RecurrentTask.Lm ? 64 : 128),
            Bptt = r.GetValue<int>("--bptt"),
            RandomBptt = task == RecurrentTask.Lm && r.GetValue<bool>("--random-bptt"),
            Window = r.GetValue<int>("--window"),
            Horizon = r.GetValue<int>("--horizon"),
            Search = search,
            TibBound = r.GetValue<bool>("--tib-bound"),
            FewShot = FewShot(r),
        };
        options.Validate();
        if (Given(r, "--gain-lr") && options.Space == RecurrentSpace.DartsRnn && options.Grow == GrowthMode.None)
        {
            throw new ArgumentException("--gain-lr applies to a cell with scalar gains: tib (its gates gamma) or a growing darts-rnn (--grow gtp|igp: its output weights omega); a fixed darts-rnn cell has none");
        }

        if (task != RecurrentTask.Lm && Given(r, "--random-bptt"))
        {
            throw new ArgumentException("--random-bptt applies to --task lm (token windows); forecasting windows have a fixed length");
        }

        var retrain = r.GetValue<int>("--retrain-epochs");
        if (retrain < 0)
        {
            throw new ArgumentException($"--retrain-epochs must be 0 or more, got {retrain}");
        }

        return new RecurrentSearchCliOptions(options, r.GetValue<string?>("--data") ?? dataDirectory, r.GetValue<string>("--series")!, r.GetValue<int?>("--train-tokens"), r.GetValue<int?>("--alpha-tokens"), retrain, r.GetValue<string>("--out")!, r.GetValue<string?>("--name"), r.GetValue<bool>("--json"))
        {
            Resume = r.GetValue<string?>("--resume"),
        };
    }

    // --fewshot [--edge E] [--split-epochs S], the options of the image searches' few-shot route; --edge and --split-epochs alone would do nothing.
    private static RecurrentFewShotOptions? FewShot(ParseResult r)
    {
        if (!r.GetValue<bool>("--fewshot"))
        {
            return Array.Find(["--edge", "--split-epochs"], o => Given(r, o)) is { } alone
                ? throw new ArgumentException($"{alone} applies to a few-shot search; add --fewshot or leave it out")
                : null;
        }

        return new RecurrentFewShotOptions { SplitEdge = r.GetValue<int>("--edge"), SplitEpochs = r.GetValue<int>("--split-epochs") };
    }

    /// <summary>The command-line name of <paramref name="value"/> (<c>darts-rnn</c>, <c>lm</c>, <c>gtp</c>, <c>plateau</c>...).</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => NameTables[typeof(T)][Array.IndexOf(Enum.GetValues<T>(), value)];

    /// <summary>The value of option <paramref name="option"/> named <paramref name="text"/>; one line naming the allowed names otherwise.</summary>
    public static T Parse<T>(string option, string text)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        var allowed = NameTables[typeof(T)];
        var index = Array.IndexOf(allowed, text.Trim().ToLowerInvariant());
        return index >= 0 ? Enum.GetValues<T>()[index] : throw new ArgumentException($"{option}: unknown value '{text}' (expected one of: {string.Join(", ", allowed)})");
    }

    private static bool Given(ParseResult r, string name) =>
        r.CommandResult.Command.Options.FirstOrDefault(o => o.Name == name) is { } option && r.GetResult(option) is OptionResult { Implicit: false };
}
