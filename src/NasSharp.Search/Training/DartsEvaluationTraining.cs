using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.Search.Networks.Darts;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// Trains a <see cref="DartsNetwork"/> from scratch with DARTS's evaluation recipe (<see cref="DartsEvaluationOptions"/>):
/// the loss is cross-entropy plus 0.4 x the auxiliary head's cross-entropy when the network has the head, drop path is
/// set to DropPath x epoch / epochs at the start of every epoch, and the test set is scored after every epoch.
/// </summary>
public static class DartsEvaluationTraining
{
    public static ClassifierTrainingResult Run(DartsNetwork network, DartsEvaluationOptions options, DataLoader train, DataLoader? test, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        options.Validate();
        var optimizer = new Sgd(network.Parameters(), options.LearningRate, options.Momentum, options.WeightDecay);
        var schedule = new CosineAnnealing(options.LearningRate, 0f, options.Epochs);
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        ClassificationScore? score = null;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var started = clock.Elapsed.TotalSeconds;
            optimizer.LearningRate = schedule.At(epoch);
            network.DropPathProbability = options.DropPath * epoch / options.Epochs;
            var (loss, accuracy) = TrainEpoch(network, optimizer, options, train, epoch);
            score = test == null ? null : ClassifierEvaluation.Score(network, test);
            var seconds = clock.Elapsed.TotalSeconds - started;
            var report = new EpochReport(epoch + 1, options.Epochs, optimizer.LearningRate, loss, accuracy, score?.Loss, score?.Accuracy, train.Dataset.Count / Math.Max(seconds, 1e-9), seconds, seconds * (options.Epochs - epoch - 1));
            reports.Add(report);
            progress?.Report(report);
        }

        return new ClassifierTrainingResult(reports, score, clock.Elapsed.TotalSeconds);
    }

    private static (double Loss, double Accuracy) TrainEpoch(DartsNetwork network, Sgd optimizer, DartsEvaluationOptions options, DataLoader train, int epoch)
    {
        network.Train();
        var (lossSum, correct, count) = (0.0, 0L, 0L);
        foreach (var batch in train.Epoch(epoch))
        {
            using var scope = new TensorScope();
            var logits = network.Forward(batch.Images);
            var loss = Ops.CrossEntropy(logits, batch.Labels);
            var total = network.AuxiliaryLogits is { } aux ? Ops.Add(loss, Ops.Scale(Ops.CrossEntropy(aux, batch.Labels), options.AuxiliaryWeight)) : loss;
            optimizer.ZeroGrad();
            total.Backward();
            GradientClipping.ClipByGlobalNorm(optimizer.Parameters, options.GradientClip);
            optimizer.Step();
            lossSum += (double)loss.Item() * batch.Count;
            correct += ClassifierEvaluation.CountCorrect(logits, batch.Labels);
            count += batch.Count;
        }

        return (lossSum / count, (double)correct / count);
    }
}
