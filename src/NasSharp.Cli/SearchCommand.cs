using System.CommandLine;
using NasSharp.Data;
using NasSharp.Search.Benchmarks;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Search.Strategies;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search</c>: runs a discrete search strategy against an evaluator, one branch of <see cref="Run"/> each:
/// a tabular benchmark (<c>table</c>), a trained supernet directory (<c>oneshot</c>, <c>fewshot</c> with
/// <c>--supernet DIR</c>), or stand-alone training of every trial (<c>train</c>). With no evaluator, table or
/// supernet given, it runs few-shot NAS end to end (<see cref="FewShotMainJob"/>): the main job.
/// Bad values give one line on stderr naming the value, and exit code 2.
/// </summary>
internal static class SearchCommand
{
    /// <summary>Environment variable naming a data directory that holds <c>nb201/nb201.csv</c>.</summary>
    public const string DataEnvironmentVariable = "NASSHARP_DATA";

    private static readonly Option<string> Space = new("--space") { Description = "Search space: nb201 (NAS-Bench-201 cells), chain (ShuffleNetV2 blocks), darts (DARTS CNN cells); chain and darts take --evaluator oneshot|fewshot or --method.", DefaultValueFactory = _ => "nb201" };
    private static readonly Option<string?> Evaluator = new("--evaluator") { Description = "How genotypes are scored: table (benchmark lookup), oneshot / fewshot (a supernet; fewshot without --supernet trains one end to end), train (stand-alone training per trial). Default: table with --table, fewshot otherwise." };
    private static readonly Option<string?> Table = new("--table") { Description = $"Benchmark CSV (default: ${DataEnvironmentVariable}/nb201/nb201.csv); with another evaluator, a table to report the chosen architecture's --report-metric from (e.g. a nas groundtruth CSV)." };
    private static readonly Option<string?> Supernet = new("--supernet") { Description = "Supernet directory (nas supernet train / split) for --evaluator oneshot or fewshot." };
    private static readonly Option<string?> Data = new("--data") { Description = $"Data directory of image datasets (default: the one a --supernet directory was trained from, else ${DataEnvironmentVariable})." };
    private static readonly Option<string?> Dataset = new("--dataset") { Description = "Table search: cifar10 (default), cifar100 or ImageNet16-120 (picks the columns). Otherwise the image dataset: synthetic (default), mnist, fashion-mnist, cifar10, cifar100." };
    private static readonly Option<string?> SearchMetric = new("--search-metric") { Description = "Column the strategy optimizes (default: <dataset>_valid_12ep)." };
    private static readonly Option<string?> ReportMetric = new("--report-metric") { Description = "Column reported for the chosen architecture (default: <dataset>_test)." };
    private static readonly Option<string?> TimeColumn = new("--time-column") { Description = "Column of simulated seconds per query (default: <dataset>_time_12ep)." };
    private static readonly Option<string> Strategy = new("--strategy") { Description = $"Strategy: {string.Join(", ", SearchStrategies.Names)}.", DefaultValueFactory = _ => "rea" };
    private static readonly Option<int?> Budget = new("--budget") { Description = "Queries per search (default 150 unless --time-budget is given); at most the size of the space (nb201: 15625)." };
    private static readonly Option<double?> TimeBudget = new("--time-budget") { Description = "Simulated seconds per search, from the table's time column." };
    private static readonly Option<int> Repeat = new("--repeat") { Description = "Independent searches; results are mean +- std.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed; repeat r uses a seed derived from it.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> Population = new("--population") { Description = "REA population size P.", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> SampleSize = new("--sample-size") { Description = "REA tournament size S.", DefaultValueFactory = _ => 3 };
    private static readonly Option<double> LearningRate = new("--strategy-lr") { Description = "Learning rate of the strategy's own model (REINFORCE's Adam on its edge logits).", DefaultValueFactory = _ => Reinforce<int>.DefaultLearningRate };
    private static readonly Option<string> Out = new("--out") { Description = "Parent directory of run directories.", DefaultValueFactory = _ => "runs" };
    private static readonly Option<string?> Name = new("--name") { Description = "Run directory name (default: UTC timestamp)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary as the last line." };

    public static Command Create()
    {
        var command = new Command("search", "Search an architecture space. With no options: few-shot NAS end to end on the built-in synthetic data. 'nas search --table nb201.csv --strategy rea --budget 150 --repeat 100' searches a benchmark table; 'nas search --evaluator fewshot --supernet DIR' a trained supernet.");
        Option[] options = [Space, Evaluator, Table, Supernet, Data, Dataset, SearchMetric, ReportMetric, TimeColumn, Strategy, Budget, TimeBudget, Repeat, Seed, Population, SampleSize, LearningRate, Out, Name, Json];
        foreach (var option in options.Concat(FewShotMainJob.Options))
        {
            command.Options.Add(option);
        }

        DifferentiableSearchCli.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            if (parseResult.GetValue(DifferentiableSearchCli.Method) != null)
            {
                var differentiable = DifferentiableSearchCli.Bind(parseResult, Environment.GetEnvironmentVariable(DataEnvironmentVariable));
                return DifferentiableSearchRun.Run(differentiable, output);
            }

            var options = Bind(parseResult, Environment.GetEnvironmentVariable(DataEnvironmentVariable));
            return options.Evaluator switch
            {
                "table" => TableSearch.Run(options, output),
                "oneshot" or "fewshot" when options.Space != "nb201" => SpaceSearchRun.Run(options, output),
                "oneshot" or "fewshot" when options.SupernetPath != null => SupernetSearch.Run(options, output),
                "fewshot" => FewShotMainJob.Run(options, output),
                "train" => SupernetSearch.RunStandalone(options, output),
                _ => throw new ArgumentException($"--evaluator {options.Evaluator} needs --supernet DIR (train one with nas supernet train / split, or use --evaluator fewshot to train end to end)"),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException)
        {
            error.WriteLine($"nas search: {OneLine(ex)}");
            return 2;
        }
    }

    /// <summary>Reads and validates the options; <paramref name="dataDirectory"/> is <c>$NASSHARP_DATA</c>.</summary>
    internal static SearchOptions Bind(ParseResult r, string? dataDirectory)
    {
        var space = r.GetValue(Space)!;
        if (space is not ("nb201" or "chain" or "darts"))
        {
            throw new ArgumentException($"unknown space '{space}' (expected: nb201, chain, darts)");
        }

        var evaluator = r.GetValue(Evaluator) ?? (r.GetValue(Table) != null || r.GetValue(SearchMetric) != null ? "table" : "fewshot");
        if (Array.IndexOf(Evaluators, evaluator) < 0)
        {
            throw new ArgumentException($"unknown evaluator '{evaluator}' (expected one of: {string.Join(", ", Evaluators)})");
        }

        if (space != "nb201" && (evaluator is "table" or "train" || r.GetValue(Supernet) != null))
        {
            throw new ArgumentException($"--space {space} is searched with --evaluator oneshot or fewshot (trained end to end) or with --method; --evaluator {evaluator}{(r.GetValue(Supernet) != null ? " with --supernet" : string.Empty)} is NAS-Bench-201 only");
        }

        var strategy = r.GetValue(Strategy)!;
        SearchStrategies.Validate(strategy);
        var timeBudget = r.GetValue(TimeBudget);
        var budget = r.GetValue(Budget) ?? (timeBudget is null ? (evaluator == "table" ? 150 : FewShotMainJob.DefaultBudget) : null);
        if (budget is <= 0)
        {
            throw new ArgumentException($"--budget must be a positive number of queries, got {budget}");
        }

        // More queries than architectures only re-queries what was seen (and a huge budget pre-allocates its
        // trial list): refuse it rather than run on.
        if (budget > Nb201Genotype.SpaceSize)
        {
            throw new ArgumentException(FormattableString.Invariant($"--budget {budget} exceeds the {Nb201Genotype.SpaceSize:N0} architectures of the {space} space; use at most {Nb201Genotype.SpaceSize}"));
        }

        if (timeBudget is { } seconds && !(seconds > 0 && double.IsFinite(seconds)))
        {
            throw new ArgumentException($"--time-budget must be a positive number of seconds, got {seconds}");
        }

        var options = new SearchOptions
        {
            Space = space,
            Evaluator = evaluator,
            Dataset = string.Empty,
            SearchMetric = string.Empty,
            ReportMetric = string.Empty,
            Strategy = strategy,
            Budget = budget,
            TimeBudget = timeBudget,
            Repeat = Positive(r.GetValue(Repeat), "repeat"),
            Seed = r.GetValue(Seed),
            Population = Positive(r.GetValue(Population), "population"),
            SampleSize = Positive(r.GetValue(SampleSize), "sample-size"),
            LearningRate = r.GetValue(LearningRate) is var lr && lr > 0 && double.IsFinite(lr) ? lr : throw new ArgumentException($"--strategy-lr must be positive, got {lr}"),
            Out = r.GetValue(Out)!,
            Name = r.GetValue(Name),
            Json = r.GetValue(Json),
        };
        return evaluator == "table" ? BindTable(r, options, dataDirectory) : BindImages(r, options, dataDirectory);
    }

    private static readonly string[] Evaluators = ["table", "oneshot", "fewshot", "train"];

    // The table's dataset names its columns.
    private static SearchOptions BindTable(ParseResult r, SearchOptions options, string? dataDirectory)
    {
        var dataset = r.GetValue(Dataset) ?? "cifar10";
        var metrics = Nb201Metrics.For(Nb201Metrics.ParseDataset(dataset));
        return options with
        {
            TablePath = ResolveTable(r.GetValue(Table), dataDirectory),
            Dataset = dataset,
            SearchMetric = r.GetValue(SearchMetric) ?? metrics.Search,
            ReportMetric = r.GetValue(ReportMetric) ?? metrics.Report,
            TimeColumn = options.TimeBudget is null ? r.GetValue(TimeColumn) : r.GetValue(TimeColumn) ?? metrics.Time,
        };
    }

    // Supernets and stand-alone training score on images; a table, if given, only reports.
    private static SearchOptions BindImages(ParseResult r, SearchOptions options, string? dataDirectory)
    {
        if (options.TimeBudget != null)
        {
            throw new ArgumentException($"--time-budget needs a table with a time column; --evaluator {options.Evaluator} counts queries (--budget)");
        }

        var supernet = r.GetValue(Supernet);
        var dataset = r.GetValue(Dataset);
        return options with
        {
            SupernetPath = supernet,
            // A supernet directory remembers the data directory it was trained from; --data overrides it.
            DataDirectory = r.GetValue(Data) ?? (supernet != null && SupernetDirectory.Exists(supernet) ? SupernetDirectory.Open(supernet).Manifest.DataDirectory : null) ?? dataDirectory,
            TablePath = r.GetValue(Table),
            Dataset = dataset == null ? (supernet == null ? "synthetic" : string.Empty) : DatasetCatalog.NameOf(DatasetCatalog.Parse(dataset)),
            SearchMetric = r.GetValue(SearchMetric) ?? $"{options.Evaluator}_valid_accuracy",
            ReportMetric = r.GetValue(ReportMetric) ?? "test_accuracy",
            Run = FewShotMainJob.BindRun(r, options.Seed),
        };
    }

    internal static string ResolveTable(string? table, string? dataDirectory)
    {
        if (!string.IsNullOrEmpty(table))
        {
            return table;
        }

        if (!string.IsNullOrEmpty(dataDirectory))
        {
            return Path.Combine(dataDirectory, "nb201", "nb201.csv");
        }

        throw new ArgumentException($"no benchmark table: pass --table FILE (the NAS-Bench-201 CSV) or set {DataEnvironmentVariable} to a data directory holding nb201/nb201.csv");
    }

    // Library messages may carry " (Parameter 'x')" or a second line; the CLI prints one line.
    internal static string OneLine(Exception ex)
    {
        var message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"--{name} must be positive, got {value}");
}
