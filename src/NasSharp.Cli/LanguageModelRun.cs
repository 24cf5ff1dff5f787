using System.Globalization;
using NasSharp.Data;
using NasSharp.NN.Serialization;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Store;
using NasSharp.Tasks;
using NasSharp.Tasks.LanguageModeling;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas train --task lm</c>: a word-level LSTM or GRU language model on a PTB-layout corpus, trained with
/// <see cref="LanguageModelTraining"/>; writes options.json, metrics.csv, weights.safetensors and summary.json, and
/// checkpoints every epoch into <c>checkpoint/</c>, so <c>--resume NAME</c> continues a killed run bitwise.
/// </summary>
internal static class LanguageModelRun
{
    // PyTorch's word_language_model example.
    private const double DefaultDropout = 0.2;

    private static readonly string[] MetricColumns = ["epoch", "lr", "train_loss", "train_perplexity", "valid_loss", "valid_perplexity", "tokens_per_second", "seconds"];

    public static int Run(TrainOptions options, TextWriter output)
    {
        if (options.Genotype is { } genotype)
        {
            return RecurrentCells.IsRecurrentGenotype(genotype)
                ? CellLanguageModelRun.Run(options, output)
                : throw new ArgumentException($"--task lm trains a recurrent cell (--genotype tib:... or darts-rnn:...) or --model lstm|gru; '{genotype}' is not a recurrent genotype");
        }

        var corpus = TextCorpus.Load(TrainText.RequireData(options, "the language-model corpus (ptb.train.txt, ptb.valid.txt, ptb.test.txt)"));
        var train = options.TrainLimit is { } n && n < corpus.Train.Length ? corpus.Train[..n] : corpus.Train;
        var (hidden, layers) = (options.Hidden ?? 200, options.Layers ?? 2);
        var kind = options.Model == "gru" ? RecurrentKind.Gru : RecurrentKind.Lstm;
        var dropout = options.Dropout ?? DefaultDropout;
        var model = new WordLanguageModel(corpus.Vocabulary.Count, kind, new Random(options.Seed), hidden, layers, (float)dropout, options.Tied);
        var recipe = Recipe(options);
        var run = RunResume.CreateOrResume(options, new
        {
            task = "lm", model = options.Model, vocabulary = corpus.Vocabulary.Count, hidden, layers, dropout, options.Tied, recipe.Epochs, recipe.BatchSize,
            recipe.EvalBatchSize, recipe.Bptt, random_bptt = options.RandomBptt, recipe.LearningRate, recipe.GradientClip, recipe.AnnealFactor, asgd = recipe.Asgd,
            nonmono = recipe.NonMonotoneInterval, options.Seed, train_tokens = options.TrainLimit, threads = NasSharp.Kernels.KernelParallel.ThreadCount,
        }, OptionNames);
        CliTermination.ResumeWith($"nas train --task lm --resume {run.Path}");
        output.WriteLine(FormattableString.Invariant(
            $"nas train: {layers}-layer {options.Model.ToUpperInvariant()} ({hidden} units, dropout {dropout}{(options.Tied ? ", tied" : string.Empty)}) language model, vocabulary {corpus.Vocabulary.Count}, {train.Length:N0} training tokens, {model.ParameterCount():N0} parameters, {RecipeText(recipe)}"));

        LanguageModelTrainingResult result;
        var progress = new ProgressReporter(output, "lm");
        using (var metrics = run.CreateCsv("metrics.csv", MetricColumns))
        {
            result = new LanguageModelTraining(model, recipe).Run(train, corpus.Valid, corpus.Test, new ProgressCallback<LanguageModelEpochReport>(r =>
            {
                metrics.WriteRow(r.Epoch, r.LearningRate, r.TrainLoss, r.TrainPerplexity, r.ValidLoss, r.ValidPerplexity, r.TokensPerSecond, r.Seconds);
                progress.Line(EpochLine(r));
            }), new ProgressCallback<TrainingStep>(
                s => progress.Update(s.Done, s.Total, FormattableString.Invariant($"epoch {s.Epoch}/{s.Epochs}  window {s.Batch}/{s.Batches}  loss {s.Loss:F3}")),
                safePoint: false), Path.Combine(run.Path, CheckpointFolder), CliTermination.Token);
        }

        Safetensors.Save(run.FilePath("weights.safetensors"), model.StateDict(), Metadata(options.Model, hidden, layers, corpus.Vocabulary.Count));
        var summary = Summarize(options, model, recipe, train.Length, result, run.Path);
        run.WriteJson("summary.json", summary);
        output.WriteLine(FormattableString.Invariant(
            $"best epoch {summary.BestEpoch}: valid perplexity {summary.ValidPerplexity:F2}, test perplexity {summary.TestPerplexity:F2}{SwitchText(result.AsgdSwitchEpoch)}, {TrainText.Duration(summary.Seconds)}; run directory {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return 0;
    }

    /// <summary>The folder of the run directory holding the epoch checkpoint.</summary>
    public const string CheckpointFolder = "checkpoint";

    /// <summary>The command-line names of the options.json keys of both lm routes, where the key does not spell them.</summary>
    internal static readonly Dictionary<string, string> OptionNames = new()
    {
        ["model"] = "--model", ["learningRate"] = "--weight-lr", ["nonmono"] = "--nonmono", ["trainTokens"] = "--train-images", ["tibBound"] = "--tib-bound",
    };

    /// <summary>
    /// The training recipe of both lm routes (LSTM/GRU and a searched cell): epochs, batch, bptt and lr with their lm
    /// defaults, --random-bptt as the DARTS retraining code's window lengths (seeded by --seed), --asgd and --nonmono.
    /// </summary>
    internal static LanguageModelTrainingOptions Recipe(TrainOptions options) => new()
    {
        Epochs = options.Epochs ?? 4,
        BatchSize = options.Batch ?? 20,
        Bptt = options.Bptt,
        LearningRate = options.LearningRate ?? 20,
        BpttLengths = options.RandomBptt ? BpttLengthRule.DartsRetrain : BpttLengthRule.Fixed,
        Seed = options.Seed,
        Asgd = options.Asgd,
        NonMonotoneInterval = options.NonMonotone ?? 5,
    };

    /// <summary>The recipe in the first line of a run: "4 epochs, batch 20, bptt 35, lr 20", with the DARTS options when on.</summary>
    internal static string RecipeText(LanguageModelTrainingOptions r) => FormattableString.Invariant(
        $"{r.Epochs} epochs, batch {r.BatchSize}, bptt {r.Bptt}{(r.BpttLengths == BpttLengthRule.Fixed ? string.Empty : " (drawn per window)")}, lr {r.LearningRate:G4}{(r.Asgd ? $", NT-ASGD (nonmono {r.NonMonotoneInterval})" : string.Empty)}");

    /// <summary>", switched to averaged SGD after epoch 7" when NT-ASGD switched.</summary>
    internal static string SwitchText(int? epoch) => epoch is { } e ? FormattableString.Invariant($", switched to averaged SGD after epoch {e}") : string.Empty;

    /// <summary>The progress line of an epoch; "(averaged)" once NT-ASGD validates the averaged weights.</summary>
    internal static string EpochLine(LanguageModelEpochReport r) => FormattableString.Invariant(
        $"epoch {r.Epoch,3}/{r.Epochs}  lr {r.LearningRate:G4}  train ppl {r.TrainPerplexity:F2}  valid ppl {r.ValidPerplexity:F2}{(r.Averaged ? " (averaged)" : string.Empty)}  {r.TokensPerSecond:F0} tok/s  {TrainText.Duration(r.Seconds)}  left {TrainText.Duration(r.SecondsLeft)}");

    private static Dictionary<string, string> Metadata(string model, int hidden, int layers, int vocabulary) => new()
    {
        ["model"] = model,
        ["hidden"] = hidden.ToString(CultureInfo.InvariantCulture),
        ["layers"] = layers.ToString(CultureInfo.InvariantCulture),
        ["vocabulary"] = vocabulary.ToString(CultureInfo.InvariantCulture),
    };

    private static LanguageModelSummary Summarize(TrainOptions o, WordLanguageModel model, LanguageModelTrainingOptions recipe, int trainTokens, LanguageModelTrainingResult result, string runPath) => new(
        "lm", o.Model, model.VocabularySize, model.HiddenSize, model.Layers, o.Dropout ?? DefaultDropout, o.Tied, model.ParameterCount(), recipe.Epochs, recipe.BatchSize, recipe.Bptt,
        recipe.LearningRate, o.RandomBptt, recipe.Asgd, result.AsgdSwitchEpoch, trainTokens, result.BestEpoch, Math.Round(result.BestValidPerplexity, 3), Math.Round(result.TestPerplexity, 3),
        result.Epochs.Select(e => Math.Round(e.ValidPerplexity, 3)).ToArray(), Math.Round(result.Epochs.Average(e => e.TokensPerSecond), 1), Math.Round(result.Seconds, 2), runPath);
}
