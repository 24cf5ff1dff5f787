using System.CommandLine;
using NasSharp.Kernels;
using NasSharp.Search.Models;
using NasSharp.Search.Spaces.Tib;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas train</c>: trains one network from scratch and records it in a run directory: a genotype of any image
/// space (NAS-Bench-201, DARTS, chain) on an image dataset (<c>--task image</c>, saved as a model in RUN/model), or the recurrent baselines the recurrent search
/// is compared with, a word-level language model (<c>--task lm</c>) and a series forecaster
/// (<c>--task forecast</c>). Bad values give one line on stderr naming the value, and exit code 2.
/// </summary>
internal static class TrainCommand
{
    private static readonly Option<string> Task = new("--task") { Description = "image (NAS-Bench-201 network), lm (word language model) or forecast (series forecaster).", DefaultValueFactory = _ => "image" };
    private static readonly Option<string?> Genotype = new("--genotype") { Description = "lm / forecast: a searched cell 'tib:...' or 'darts-rnn:...'. Image: the genotype, in any space's text form: NAS-Bench-201 '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|...|', DARTS 'Genotype(normal=[...], ...)' or chain '[3x3, 5x5, 7x7, xception, ...]'." };
    private static readonly Option<string?> Space = new("--space") { Description = "Image: nb201, darts or chain (default: detected from the genotype's text)." };
    private static readonly Option<string> Recipe = new("--recipe") { Description = "Image: standard (SGD, cosine, NB201's recipe) or darts (DARTS's evaluation recipe: auxiliary head, drop path, gradient clip; DARTS space only).", DefaultValueFactory = _ => "standard" };
    private static readonly Option<string> Dataset = new("--dataset") { Description = "Image dataset: synthetic (built in), mnist, fashion-mnist, cifar10, cifar100.", DefaultValueFactory = _ => "synthetic" };
    private static readonly Option<string?> Data = new("--data") { Description = $"Data directory (lm: the PTB folder; forecast: a series file or a folder holding it); default ${SearchCommand.DataEnvironmentVariable}." };
    private static readonly Option<int?> Channels = new("--channels") { Description = "Image: channels C of the first cells (default: NB201 16, DARTS 16; the chain space uses its skeleton's widths)." };
    private static readonly Option<int?> Cells = new("--cells") { Description = "Image: NB201 cells N per stage (default 5), DARTS cells in all (default 8)." };
    private static readonly Option<int?> Epochs = new("--epochs") { Description = "Epochs (default: image 10, lm 4, forecast 150)." };
    private static readonly Option<int?> Batch = new("--batch-size") { Description = "Batch size (default: image 256, lm 20, forecast 128)." };
    private static readonly Option<double?> LearningRate = new("--weight-lr") { Description = "Initial learning rate (default: image 0.1 x batch / 256, lm 20, forecast 0.001)." };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the initialisation, shuffling, augmentation and dropout.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int?> Threads = new("--threads") { Description = "Threads the kernels may use (default: all cores); results do not depend on it." };
    private static readonly Option<string> Model = new("--model") { Description = "lm / forecast: recurrent layer, lstm or gru.", DefaultValueFactory = _ => "lstm" };
    private static readonly Option<int?> Hidden = new("--hidden") { Description = "lm / forecast: hidden units per layer, lm also the embedding size (default: lm 200, forecast 100 as LSTNet)." };
    private static readonly Option<int?> Layers = new("--layers") { Description = "lm / forecast: recurrent layers (default: lm 2, forecast 1)." };
    private static readonly Option<int> Bptt = new("--bptt") { Description = "lm: truncated back-propagation length.", DefaultValueFactory = _ => 35 };
    private static readonly Option<bool> RandomBptt = new("--random-bptt") { Description = "lm: the DARTS code's training window lengths (rnn/train.py: bptt, or bptt / 2 with probability 0.05, then N(that, 5) within [5, bptt + 20]; the step's learning rate scaled by length / bptt). Default: every window --bptt." };
    private static readonly Option<bool> TibBound = new("--tib-bound") { Description = "lm / forecast, a tib cell (--genotype tib:...): h_t = tanh(s_N), the state bounded (RECURRENT.md 1.2, Stability), as a search with --tib-bound found it. Default: h_t = s_N." };
    private static readonly Option<bool> Asgd = new("--asgd") { Description = "lm: NT-ASGD (AWD-LSTM, DARTS rnn/train.py): constant learning rate, switch from SGD to averaged SGD once the validation loss is worse than the best before the last --nonmono epochs; averaged weights validated, kept and tested from then on. Default: divide the lr by 4 after an epoch that does not improve." };
    private static readonly Option<int?> NonMonotone = new("--nonmono") { Description = "lm, with --asgd: epochs left out of the switch comparison (default 5, as DARTS)." };
    private static readonly Option<double?> Dropout = new("--dropout") { Description = "lm / forecast: dropout (default: lm 0.2 as PyTorch's word_language_model; forecast 0, see the README)." };
    private static readonly Option<bool> Tied = new("--tied") { Description = "lm: tie the decoder to the embedding (Press & Wolf 2017)." };
    private static readonly Option<int> Horizon = new("--horizon") { Description = "forecast: steps ahead (LSTNet: 3, 6, 12, 24).", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> Window = new("--window") { Description = "forecast: input rows (LSTNet's own model: 24 x 7 = 168).", DefaultValueFactory = _ => 24 };
    private static readonly Option<string> Loss = new("--loss") { Description = "forecast: l1 (LSTNet's default) or mse.", DefaultValueFactory = _ => "l1" };
    private static readonly Option<string> Series = new("--series") { Description = "forecast: series name looked up when --data is a folder.", DefaultValueFactory = _ => "exchange_rate" };
    private static readonly Option<int?> TrainLimit = new("--train-images") { Description = "Use only the first N training examples (images; lm: tokens; forecast: windows), for quick runs." };
    private static readonly Option<string> Out = new("--out") { Description = "Parent directory of run directories.", DefaultValueFactory = _ => "runs" };
    private static readonly Option<string?> Name = new("--name") { Description = "Run directory name (default: UTC timestamp)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary as the last line." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue the killed run OUT/NAME from its last epoch checkpoint, with the options it was started with." };

    public static Command Create()
    {
        var command = new Command("train", "Train one network and save it in RUN/model: 'nas train --genotype \"|nor_conv_3x3~0|+...\" --dataset fashion-mnist --data DIR' (any space: NB201, DARTS, chain), 'nas train --task lm --data PTB_DIR --model lstm', 'nas train --task forecast --data FILE --model gru --horizon 3'.");
        Option[] options = [Task, Genotype, Space, Recipe, Dataset, Data, Channels, Cells, Epochs, Batch, LearningRate, Seed, Threads, Model, Hidden, Layers, Bptt, RandomBptt, TibBound, Asgd, NonMonotone, Dropout, Tied, Horizon, Window, Loss, Series, TrainLimit, Out, Name, Json, Resume];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            var options = Bind(parseResult, Environment.GetEnvironmentVariable(SearchCommand.DataEnvironmentVariable));
            if (options.Threads is { } threads)
            {
                KernelParallel.ThreadCount = threads;
            }

            if (options.Task != TrainTask.LanguageModel && (options.RandomBptt || options.Asgd))
            {
                throw new ArgumentException("--random-bptt and --asgd apply to --task lm");
            }

            if (options.TibBound && (options.Task == TrainTask.Image || options.Genotype?.StartsWith(TibGenotype.Prefix, StringComparison.Ordinal) != true))
            {
                throw new ArgumentException($"--tib-bound applies to a tib cell (--task lm|forecast --genotype \"tib:...\"), not to {(options.Task == TrainTask.Image ? "--task image" : options.Genotype is { } g ? $"'{g}'" : $"--model {options.Model}")}");
            }

            if (options.NonMonotone != null && !options.Asgd)
            {
                throw new ArgumentException("--nonmono sets the switch rule of --asgd; add --asgd or leave it out");
            }

            return options.Task switch
            {
                TrainTask.Image => ImageTrainingRun.Run(options, output),
                TrainTask.LanguageModel => LanguageModelRun.Run(options, output),
                _ => ForecastRun.Run(options, output),
            };
        }
        catch (ResumeMismatchException ex)
        {
            foreach (var line in ex.Lines)
            {
                error.WriteLine($"nas train: {line}");
            }

            return 2;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"nas train: {SearchCommand.OneLine(ex)}");
            return 2;
        }
    }

    /// <summary>Reads and validates the options; <paramref name="dataDirectory"/> is <c>$NASSHARP_DATA</c>.</summary>
    internal static TrainOptions Bind(ParseResult r, string? dataDirectory) => new()
    {
        Task = ParseTask(r.GetValue(Task)!),
        Genotype = r.GetValue(Genotype),
        Space = r.GetValue(Space) is { Length: > 0 } space ? GenotypeText.ParseSpace(space) : null,
        Recipe = ParseRecipe(r.GetValue(Recipe)!),
        Dataset = r.GetValue(Dataset)!,
        Data = r.GetValue(Data) is { Length: > 0 } data ? data : string.IsNullOrEmpty(dataDirectory) ? null : dataDirectory,
        Channels = Positive(r.GetValue(Channels), "channels"),
        Cells = Positive(r.GetValue(Cells), "cells"),
        Epochs = Positive(r.GetValue(Epochs), "epochs"),
        Batch = Positive(r.GetValue(Batch), "batch-size"),
        LearningRate = Check(r.GetValue(LearningRate), lr => lr > 0 && double.IsFinite(lr), "--weight-lr must be positive"),
        Seed = r.GetValue(Seed),
        Threads = Positive(r.GetValue(Threads), "threads"),
        Model = ParseChoice(r.GetValue(Model)!, "model", "lstm", "gru"),
        Hidden = Positive(r.GetValue(Hidden), "hidden"),
        Layers = Positive(r.GetValue(Layers), "layers"),
        Bptt = Positive(r.GetValue(Bptt), "bptt"),
        RandomBptt = r.GetValue(RandomBptt),
        TibBound = r.GetValue(TibBound),
        Asgd = r.GetValue(Asgd),
        NonMonotone = Positive(r.GetValue(NonMonotone), "nonmono"),
        Dropout = Check(r.GetValue(Dropout), p => p >= 0 && p < 1, "--dropout must be in [0, 1)"),
        Tied = r.GetValue(Tied),
        Horizon = Positive(r.GetValue(Horizon), "horizon"),
        Window = Positive(r.GetValue(Window), "window"),
        Loss = ParseChoice(r.GetValue(Loss)!, "loss", "l1", "mse"),
        Series = r.GetValue(Series)!,
        TrainLimit = Positive(r.GetValue(TrainLimit), "train-images"),
        Out = r.GetValue(Out)!,
        Name = r.GetValue(Name),
        Json = r.GetValue(Json),
        Resume = r.GetValue(Resume),
    };

    private static TrainTask ParseTask(string task) => task.ToLowerInvariant() switch
    {
        "image" => TrainTask.Image,
        "lm" => TrainTask.LanguageModel,
        "forecast" => TrainTask.Forecast,
        _ => throw new ArgumentException($"unknown task '{task}' (expected: image, lm, forecast)"),
    };

    private static TrainRecipe ParseRecipe(string recipe) => recipe.ToLowerInvariant() switch
    {
        "standard" => TrainRecipe.Standard,
        "darts" => TrainRecipe.Darts,
        _ => throw new ArgumentException($"unknown --recipe '{recipe}' (expected: standard, darts)"),
    };

    private static string ParseChoice(string value, string option, params string[] choices) =>
        choices.Contains(value.ToLowerInvariant()) ? value.ToLowerInvariant() : throw new ArgumentException($"unknown --{option} '{value}' (expected: {string.Join(", ", choices)})");

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"--{name} must be positive, got {value}");

    private static int? Positive(int? value, string name) => value is { } v ? Positive(v, name) : null;

    private static double? Check(double? value, Func<double, bool> valid, string requirement) =>
        value is not { } v || valid(v) ? value : throw new ArgumentException(FormattableString.Invariant($"{requirement}, got {v}"));
}
