using System.CommandLine;
using NasSharp.Data;
using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;
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

    private static readonly Option<string> Space = new("--space") { Description = $"Search space: {string.Join(", ", KindNames<SearchSpaceKind>.Names)} (NAS-Bench-201 cells, ShuffleNetV2 blocks, DARTS CNN cells), darts-rnn, tib (recurrent cells); chain and darts take --evaluator oneshot|fewshot or --method; darts-rnn and tib take --task lm|forecast, --method, --grow and --fewshot.", DefaultValueFactory = _ => "nb201" };
    private static readonly Option<string?> Evaluator = new("--evaluator") { Description = $"How genotypes are scored ({string.Join(", ", KindNames<EvaluatorKind>.Names)}): table (benchmark lookup), oneshot / fewshot (a supernet; fewshot without --supernet trains one end to end), train (stand-alone training per trial). Default: table with --table, fewshot otherwise." };
    private static readonly Option<string?> Table = new("--table") { Description = $"Benchmark CSV (default: ${DataEnvironmentVariable}/nb201/nb201.csv); with another evaluator, a table to report the chosen architecture's --report-metric from (e.g. a nas groundtruth CSV)." };
    private static readonly Option<string?> Supernet = new("--supernet") { Description = "Supernet directory (nas supernet train / split) for --evaluator oneshot or fewshot; the search runs in its space (nb201 or chain)." };
    private static readonly Option<string?> Data = new("--data") { Description = $"Data directory of image datasets (default: the one a --supernet directory was trained from, else ${DataEnvironmentVariable})." };
    private static readonly Option<string?> Dataset = new("--dataset") { Description = "Table search: cifar10 (default), cifar100 or ImageNet16-120 (picks the columns). Otherwise the image dataset: synthetic (default), mnist, fashion-mnist, cifar10, cifar100." };
    private static readonly Option<string?> SearchMetric = new("--search-metric") { Description = "Column the strategy optimizes (default: <dataset>_valid_12ep)." };
    private static readonly Option<string?> ReportMetric = new("--report-metric") { Description = "Column reported for the chosen architecture (default: <dataset>_test)." };
    private static readonly Option<string?> TimeColumn = new("--time-column") { Description = "Column of simulated seconds per query (default: <dataset>_time_12ep)." };
    private static readonly Option<string> Strategy = new("--strategy") { Description = $"Strategy: {string.Join(", ", StrategyRegistry.Names)}.", DefaultValueFactory = _ => "rea" };
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
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue a killed search: NAME (a run in --out) or the run directory. Its saved options are used; an option given that differs from them is refused. Works for the main job, --method searches, the recurrent searches (--space darts-rnn|tib), --space chain|darts with --evaluator oneshot|fewshot, and --evaluator table, train, or oneshot/fewshot with --supernet." };
    private static readonly Option<string?> Store = StoreCliOptions.Store();
    private static readonly Option<int> InFlight = new("--in-flight") { Description = $"Units in flight at once with --evaluator train --workers external and a strategy that accepts it ({string.Join(", ", StrategyRegistry.ConcurrentAskNames)}): the search keeps asking while fewer are pending, and tells results in ask order, so the trials do not depend on which worker finishes first.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Workers = new("--workers") { Description = $"Where --evaluator train trials run: {string.Join(", ", KindNames<SearchWorkers>.Names)} (queued in the store for nas worker processes).", DefaultValueFactory = _ => "in-process" };

    public static Command Create()
    {
        var command = new Command("search", "Search an architecture space. With no options: few-shot NAS end to end on the built-in synthetic data. 'nas search --table nb201.csv --strategy rea --budget 150 --repeat 100' searches a benchmark table; 'nas search --evaluator fewshot --supernet DIR' a trained supernet.");
        Option[] options = [Space, Evaluator, Table, Supernet, Data, Dataset, SearchMetric, ReportMetric, TimeColumn, Strategy, Budget, TimeBudget, Repeat, Seed, Population, SampleSize, LearningRate, Out, Name, Json, Resume, Store, Workers, InFlight, SupernetCliOptions.Threads()];
        foreach (var option in options.Concat(FewShotMainJob.Options))
        {
            command.Options.Add(option);
        }

        DifferentiableSearchCli.AddTo(command);
        RecurrentSearchCli.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            SupernetCliOptions.ApplyThreads(parseResult);
            var recurrent = RecurrentSearchCli.Handles(parseResult);
            if ((recurrent || parseResult.GetValue(DifferentiableSearchCli.Method) != null) && parseResult.GetValue(InFlight) is var inFlight && inFlight != 1)
            {
                throw new ArgumentException($"--in-flight {inFlight} applies to --evaluator train --workers external searches only; a --method or recurrent search trains one supernet in this process");
            }

            if (recurrent)
            {
                if (GivenOptionNames(parseResult).FirstOrDefault(n => !RecurrentSearchCli.ReadOptionNames.Contains(n)) is { } imageOnly)
                {
                    throw new ArgumentException($"{imageOnly} does not apply to a recurrent search (--space {parseResult.GetValue(Space)}); leave it out (nas search --help says which options each search reads)");
                }

                return RecurrentSearchRun.Run(RecurrentSearchCli.Bind(parseResult, null), output);
            }

            if (parseResult.GetValue(DifferentiableSearchCli.Method) != null)
            {
                var differentiable = DifferentiableSearchCli.Bind(parseResult, Environment.GetEnvironmentVariable(DataEnvironmentVariable));
                return DifferentiableSearchRun.Run(differentiable, output);
            }

            // An option only --method searches read would be silently ignored by every other route.
            if (GivenOptionNames(parseResult).FirstOrDefault(DifferentiableSearchCli.OwnOptionNames.Contains) is { } methodOnly)
            {
                throw new ArgumentException($"{methodOnly} applies to --method searches only (nas search --help lists the methods); add --method M or leave it out");
            }

            var options = Bind(parseResult, Environment.GetEnvironmentVariable(DataEnvironmentVariable));
            // A resumed run takes its saved options: the main job continues from its checkpoints (supernet
            // directory, final training), the other routes replay their finished trials from the store.
            if (parseResult.GetValue(Resume) is { } resume)
            {
                return SearchResume.Run(parseResult, options, resume, output, error);
            }

            return Dispatch(options, null, output);
        }
        catch (ResumeMismatchException ex)
        {
            foreach (var line in ex.Lines)
            {
                error.WriteLine($"nas search: {line}");
            }

            return 2;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException)
        {
            error.WriteLine($"nas search: {OneLine(ex)}");
            return 2;
        }
    }

    /// <summary>Runs the branch of <paramref name="options"/>; <paramref name="resume"/> is the run directory of a resumed search.</summary>
    internal static int Dispatch(SearchOptions options, string? resume, TextWriter output) => options.Evaluator switch
    {
        EvaluatorKind.Table => TableSearch.Run(options, resume, output),
        EvaluatorKind.OneShot or EvaluatorKind.FewShot when options.Space != SearchSpaceKind.Nb201 && options.SupernetPath == null => SpaceSearchRun.Run(options, resume, output),
        EvaluatorKind.OneShot or EvaluatorKind.FewShot when options.SupernetPath != null => SupernetSearch.Run(options, resume, output),
        EvaluatorKind.FewShot => FewShotMainJob.Run(options, resume, output),
        EvaluatorKind.Train => SupernetSearch.RunStandalone(options, resume, output),
        _ => throw new ArgumentException($"--evaluator {options.EvaluatorName} needs --supernet DIR (train one with nas supernet train / split, or use --evaluator fewshot to train end to end)"),
    };

    /// <summary>The options as given, for comparison with a resumed run's saved options.</summary>
    internal static IEnumerable<string> GivenOptionNames(ParseResult r) =>
        r.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Where(o => !o.Implicit).Select(o => o.Option.Name);

    /// <summary>Reads and validates the options; <paramref name="dataDirectory"/> is <c>$NASSHARP_DATA</c>.</summary>
    internal static SearchOptions Bind(ParseResult r, string? dataDirectory)
    {
        var spaceText = r.GetValue(Space)!;
        var space = KindNames<SearchSpaceKind>.TryParse(spaceText) ?? throw new ArgumentException($"unknown space '{spaceText}' (expected: {string.Join(", ", KindNames<SearchSpaceKind>.Names)})");
        var evaluatorText = r.GetValue(Evaluator) ?? (r.GetValue(Table) != null || r.GetValue(SearchMetric) != null ? "table" : "fewshot");
        var evaluator = KindNames<EvaluatorKind>.TryParse(evaluatorText) ?? throw new ArgumentException($"unknown evaluator '{evaluatorText}' (expected one of: {string.Join(", ", KindNames<EvaluatorKind>.Names)})");
        // A supernet directory holds NB201 or chain supernets (nas supernet train --space); DARTS has only the end-to-end route.
        if (space != SearchSpaceKind.Nb201 && (evaluator is EvaluatorKind.Table or EvaluatorKind.Train || (r.GetValue(Supernet) != null && space != SearchSpaceKind.Chain)))
        {
            throw new ArgumentException($"--space {spaceText} is searched with --evaluator oneshot or fewshot (trained end to end) or with --method; --evaluator {evaluatorText}{(r.GetValue(Supernet) != null ? " with --supernet is NAS-Bench-201 and chain only" : " is NAS-Bench-201 only")}");
        }

        var strategy = StrategyRegistry.Parse(r.GetValue(Strategy)!);
        var timeBudget = r.GetValue(TimeBudget);
        var budget = r.GetValue(Budget) ?? (timeBudget is null ? (evaluator == EvaluatorKind.Table ? 150 : FewShotMainJob.DefaultBudget) : null);
        if (budget is <= 0)
        {
            throw new ArgumentException($"--budget must be a positive number of queries, got {budget}");
        }

        // More queries than architectures only re-queries what was seen (and a huge budget pre-allocates its
        // trial list): refuse it rather than run on.
        if (budget > Nb201Genotype.SpaceSize)
        {
            throw new ArgumentException(FormattableString.Invariant($"--budget {budget} exceeds the {Nb201Genotype.SpaceSize:N0} architectures of the {spaceText} space; use at most {Nb201Genotype.SpaceSize}"));
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
            Store = r.GetValue(Store),
            Resume = r.GetValue(Resume),
            Workers = KindNames<SearchWorkers>.TryParse(r.GetValue(Workers)) is { } w && (w == SearchWorkers.InProcess || evaluator == EvaluatorKind.Train)
                ? w
                : throw new ArgumentException($"--workers {r.GetValue(Workers)}: expected {string.Join(" or ", KindNames<SearchWorkers>.Names)}; external works with --evaluator train only"),
        };
        options = options with { InFlight = BindInFlight(r.GetValue(InFlight), options) };
        return evaluator == EvaluatorKind.Table ? BindTable(r, options, dataDirectory) : BindImages(r, options, dataDirectory);
    }

    // Several units in flight need units that workers run and a strategy that asks again before it is told. A resumed
    // run has its saved evaluator and strategy: there the value is only compared with the saved one.
    private static int BindInFlight(int inFlight, SearchOptions options)
    {
        if (inFlight < 1)
        {
            throw new ArgumentException($"--in-flight must be a positive number of units, got {inFlight}");
        }

        if (options.Resume != null)
        {
            return inFlight;
        }

        if (inFlight > 1 && (options.Evaluator != EvaluatorKind.Train || options.Workers != SearchWorkers.External))
        {
            throw new ArgumentException($"--in-flight {inFlight} needs --evaluator train --workers external: only units that nas worker processes run can be in flight at once; this search evaluates one trial at a time in this process");
        }

        if (inFlight > 1 && !StrategyRegistry.AcceptsConcurrentAsks(options.Strategy))
        {
            throw new ArgumentException($"--in-flight {inFlight}: strategy {options.StrategyName} learns from each result before its next ask; use {string.Join(" or ", StrategyRegistry.ConcurrentAskNames)}");
        }

        return inFlight;
    }

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
            throw new ArgumentException($"--time-budget needs a table with a time column; --evaluator {options.EvaluatorName} counts queries (--budget)");
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
            SearchMetric = r.GetValue(SearchMetric) ?? $"{options.EvaluatorName}_valid_accuracy",
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
