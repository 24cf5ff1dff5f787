using System.Globalization;
using NasSharp.Data;
using NasSharp.NN.Serialization;
using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Recurrent;
using NasSharp.Store;
using NasSharp.Tasks.LanguageModeling;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas train --task lm --genotype tib:...|darts-rnn:...</c>: a searched recurrent cell retrained from scratch as a
/// word-level language model (RECURRENT.md 2.3 scaled down: embedding = hidden size, one cell, locked dropout on its
/// input and output, temporal activation regularization; <see cref="CellLanguageModelWindows"/>), trained by the LSTM/GRU
/// route's <see cref="LanguageModelTraining"/> and recipe (SGD, clipping, BPTT windows and annealing, or with
/// --random-bptt and --asgd the DARTS code's window lengths and NT-ASGD). Writes options.json, metrics.csv,
/// weights.safetensors and summary.json like the LSTM route, so the two compare line by line, and checkpoints every
/// epoch into <c>checkpoint/</c> (<c>--resume NAME</c>).
/// </summary>
internal static class CellLanguageModelRun
{
    private const double DefaultDropout = 0.2;

    private static readonly string[] MetricColumns = ["epoch", "train_loss", "train_perplexity", "valid_loss", "valid_perplexity", "seconds"];

    public static int Run(TrainOptions options, TextWriter output)
    {
        if (options.Layers is not null || options.Tied)
        {
            throw new ArgumentException("--layers and --tied apply to --model lstm|gru; a searched cell (--genotype) is one recurrent cell whose decoder is always tied to its embedding");
        }

        var genotype = options.Genotype!;
        var corpus = TextCorpus.Load(TrainText.RequireData(options, "the language-model corpus (ptb.train.txt, ptb.valid.txt, ptb.test.txt)"));
        var train = options.TrainLimit is { } n && n < corpus.Train.Length ? corpus.Train[..n] : corpus.Train;
        var hidden = options.Hidden ?? 200;
        var dropout = (float)(options.Dropout ?? DefaultDropout);
        // One stream for the initialisation and every mask of the cell and the model, rekeyed by the training every epoch.
        var random = new KeyedRandom(options.Seed);
        var model = new CellLanguageModel(corpus.Vocabulary.Count, RecurrentCells.Create(genotype, hidden, hidden, random, tibBound: options.TibBound), random, inputDropout: dropout, outputDropout: dropout);
        var recipe = LanguageModelRun.Recipe(options);
        var run = RunResume.CreateOrResume(options, TibBoundRecord.With(new
        {
            task = "lm", genotype, vocabulary = corpus.Vocabulary.Count, hidden, dropout, recipe.Epochs, recipe.BatchSize, recipe.EvalBatchSize, recipe.Bptt,
            random_bptt = options.RandomBptt, recipe.LearningRate, recipe.GradientClip, recipe.AnnealFactor, asgd = recipe.Asgd, nonmono = recipe.NonMonotoneInterval,
            options.Seed, train_tokens = options.TrainLimit,
        }, options.TibBound), LanguageModelRun.OptionNames);
        CliTermination.ResumeWith($"nas train --task lm --resume {run.Path}");
        output.WriteLine(FormattableString.Invariant(
            $"nas train: searched cell {genotype}{(options.TibBound ? " bounded (h_t = tanh(s_N))" : string.Empty)} ({hidden} units, dropout {dropout}) language model, vocabulary {corpus.Vocabulary.Count}, {train.Length:N0} training tokens, {model.ParameterCount():N0} parameters, {LanguageModelRun.RecipeText(recipe)}"));

        var validByEpoch = new List<double>();
        var seconds = 0.0;
        LanguageModelTrainingResult result;
        using (var metrics = run.CreateCsv("metrics.csv", MetricColumns))
        {
            result = new LanguageModelTraining(new CellLanguageModelWindows(model), recipe).Run(train, corpus.Valid, corpus.Test, new ProgressCallback<LanguageModelEpochReport>(r =>
            {
                validByEpoch.Add(Math.Round(r.ValidPerplexity, 2));
                seconds += r.Seconds;
                metrics.WriteRow(r.Epoch, r.TrainLoss, r.TrainPerplexity, r.ValidLoss, r.ValidPerplexity, seconds);
                metrics.Flush();
                output.WriteLine(FormattableString.Invariant(
                    $"epoch {r.Epoch,3}/{recipe.Epochs}  train ppl {r.TrainPerplexity:F2}  valid ppl {r.ValidPerplexity:F2}{(r.Averaged ? " (averaged)" : string.Empty)}  {TrainText.Duration(seconds)}  left {TrainText.Duration(r.SecondsLeft)}"));
            }), checkpointDirectory: Path.Combine(run.Path, LanguageModelRun.CheckpointFolder), cancellation: CliTermination.Token);
        }

        Safetensors.Save(run.FilePath("weights.safetensors"), model.StateDict(), new Dictionary<string, string>
        {
            ["genotype"] = genotype,
            ["hidden"] = hidden.ToString(CultureInfo.InvariantCulture),
            ["vocabulary"] = corpus.Vocabulary.Count.ToString(CultureInfo.InvariantCulture),
        });
        var summary = new
        {
            task = "lm",
            genotype,
            has_hadamard = RecurrentCells.HasHadamard(genotype),
            tib_bound = options.TibBound,
            vocabulary = corpus.Vocabulary.Count,
            hidden,
            dropout,
            @params = model.ParameterCount(),
            epochs = recipe.Epochs,
            train_tokens = train.Length,
            random_bptt = options.RandomBptt,
            asgd = recipe.Asgd,
            asgd_switch_epoch = result.AsgdSwitchEpoch,
            best_epoch = result.BestEpoch,
            valid_perplexity = Math.Round(result.BestValidPerplexity, 2),
            test_perplexity = Math.Round(result.TestPerplexity, 2),
            valid_perplexity_by_epoch = validByEpoch,
            wall_seconds = Math.Round(result.Seconds, 1),
            run_directory = run.Path,
        };
        run.WriteJson("summary.json", summary);
        output.WriteLine(FormattableString.Invariant(
            $"best epoch {summary.best_epoch}: valid perplexity {summary.valid_perplexity:F2}, test perplexity {summary.test_perplexity:F2}{LanguageModelRun.SwitchText(result.AsgdSwitchEpoch)}, {TrainText.Duration(summary.wall_seconds)}; run directory {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return 0;
    }
}
