using System.Globalization;
using NasSharp.Data;
using NasSharp.NN.Serialization;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Recurrent;
using NasSharp.Store;
using NasSharp.Tasks.LanguageModeling;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas train --task lm --genotype tib:...|darts-rnn:...</c>: a searched recurrent cell retrained from scratch as a
/// word-level language model (RECURRENT.md 2.3 scaled down: embedding = hidden size, one cell, locked dropout on its
/// input and output, temporal activation regularization; <see cref="CellLanguageModelTraining"/>), the LSTM/GRU
/// recipe's SGD, clipping, BPTT windows and annealing. Writes options.json, metrics.csv, weights.safetensors and
/// summary.json like the LSTM route, so the two compare line by line.
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
        var random = new Random(options.Seed);
        var model = new CellLanguageModel(corpus.Vocabulary.Count, RecurrentCells.Create(genotype, hidden, hidden, random), random, inputDropout: dropout, outputDropout: dropout);
        var recipe = new LanguageModelTrainingOptions { Epochs = options.Epochs ?? 4, BatchSize = options.Batch ?? 20, Bptt = options.Bptt, LearningRate = options.LearningRate ?? 20 };
        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", new
        {
            task = "lm", genotype, vocabulary = corpus.Vocabulary.Count, hidden, dropout, recipe.Epochs, recipe.BatchSize, recipe.EvalBatchSize, recipe.Bptt,
            recipe.LearningRate, recipe.GradientClip, recipe.AnnealFactor, options.Seed, train_tokens = options.TrainLimit,
        });
        output.WriteLine(FormattableString.Invariant(
            $"nas train: searched cell {genotype} ({hidden} units, dropout {dropout}) language model, vocabulary {corpus.Vocabulary.Count}, {train.Length:N0} training tokens, {model.ParameterCount():N0} parameters, {recipe.Epochs} epochs, batch {recipe.BatchSize}, bptt {recipe.Bptt}, lr {recipe.LearningRate:G4}"));

        var validByEpoch = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (int BestEpoch, double ValidLoss, double TestLoss, double Seconds) result;
        using (var metrics = run.CreateCsv("metrics.csv", MetricColumns))
        {
            result = new CellLanguageModelTraining(model, recipe).Run(train, corpus.Valid, corpus.Test, (epoch, trainLoss, validLoss) =>
            {
                validByEpoch.Add(Math.Round(Math.Exp(validLoss), 2));
                metrics.WriteRow(epoch, trainLoss, Math.Exp(trainLoss), validLoss, Math.Exp(validLoss), clock.Elapsed.TotalSeconds);
                metrics.Flush();
                var left = clock.Elapsed.TotalSeconds / epoch * (recipe.Epochs - epoch);
                output.WriteLine(FormattableString.Invariant(
                    $"epoch {epoch,3}/{recipe.Epochs}  train ppl {Math.Exp(trainLoss):F2}  valid ppl {Math.Exp(validLoss):F2}  {TrainText.Duration(clock.Elapsed.TotalSeconds)}  left {TrainText.Duration(left)}"));
                CliTermination.SafePoint();
            });
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
            vocabulary = corpus.Vocabulary.Count,
            hidden,
            dropout,
            @params = model.ParameterCount(),
            epochs = recipe.Epochs,
            train_tokens = train.Length,
            best_epoch = result.BestEpoch,
            valid_perplexity = Math.Round(Math.Exp(result.ValidLoss), 2),
            test_perplexity = Math.Round(Math.Exp(result.TestLoss), 2),
            valid_perplexity_by_epoch = validByEpoch,
            wall_seconds = Math.Round(result.Seconds, 1),
            run_directory = run.Path,
        };
        run.WriteJson("summary.json", summary);
        output.WriteLine(FormattableString.Invariant(
            $"best epoch {summary.best_epoch}: valid perplexity {summary.valid_perplexity:F2}, test perplexity {summary.test_perplexity:F2}, {TrainText.Duration(summary.wall_seconds)}; run directory {run.Path}"));
        if (options.Json)
        {
            output.WriteLine(OutputJson.SerializeLine(summary));
        }

        return 0;
    }
}
