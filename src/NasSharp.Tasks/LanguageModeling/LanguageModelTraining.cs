using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// Trains a <see cref="WordLanguageModel"/> as PyTorch's word_language_model example (main.py): the training
/// stream is batchified into BatchSize columns and read in windows of Bptt steps; the hidden state is carried
/// from window to window and cut from the graph between them (truncated back-propagation through time);
/// every window is one SGD step on the mean token cross-entropy after clipping the gradient norm. After each
/// epoch the validation stream is scored; the best epoch's weights are kept, and an epoch that does not
/// improve divides the learning rate by the anneal factor. The test stream is scored with the best weights.
/// Perplexity is exp(mean token cross-entropy). Each window runs in its own <see cref="TensorScope"/> and passes a
/// <see cref="DivergenceGuard"/> before its update.
/// </summary>
public sealed class LanguageModelTraining
{
    private readonly WordLanguageModel model;
    private readonly LanguageModelTrainingOptions options;

    public LanguageModelTraining(WordLanguageModel model, LanguageModelTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        this.options = options;
    }

    /// <summary>
    /// Trains on <paramref name="train"/>, selects on <paramref name="valid"/>, reports on <paramref name="test"/> (token id
    /// streams); <paramref name="stepProgress"/> hears every BPTT window (an epoch of PTB is minutes on 2 cores).
    /// </summary>
    public LanguageModelTrainingResult Run(int[] train, int[] valid, int[] test, IProgress<LanguageModelEpochReport>? progress = null, IProgress<TrainingStep>? stepProgress = null, CancellationToken cancellation = default)
    {
        var trainData = TextCorpus.Batchify(train, options.BatchSize);
        var optimizer = new Sgd(model.Parameters(), (float)options.LearningRate);
        var reports = new List<LanguageModelEpochReport>(options.Epochs);
        var clock = Stopwatch.StartNew();
        var best = (Epoch: 0, Loss: double.PositiveInfinity);
        var guard = new DivergenceGuard();
        StateSnapshot? bestWeights = null;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var lr = optimizer.LearningRate;
            var (trainLoss, tokensPerSecond) = TrainEpoch(trainData, optimizer, guard, stepProgress is null ? null : (window, windows, loss) => stepProgress.Report(new TrainingStep(epoch, options.Epochs, window, windows, loss)), cancellation);
            guard.CheckParameters(model, optimizer.LearningRate);
            var validLoss = Evaluate(valid);
            if (validLoss < best.Loss)
            {
                best = (epoch, validLoss);
                bestWeights = StateSnapshot.Take(model);
            }
            else
            {
                optimizer.LearningRate = (float)(optimizer.LearningRate / options.AnnealFactor);
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var report = new LanguageModelEpochReport(epoch, options.Epochs, lr, trainLoss, validLoss, tokensPerSecond, elapsed - reports.Sum(r => r.Seconds), elapsed / epoch * (options.Epochs - epoch));
            reports.Add(report);
            progress?.Report(report);
        }

        // Without an improving epoch (a NaN validation loss) the last weights stay.
        bestWeights?.Restore(model);
        return new LanguageModelTrainingResult(reports, best.Epoch, best.Loss, Evaluate(test), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Mean token cross-entropy of the model on <paramref name="tokens"/>, read as the example's evaluate(): EvalBatchSize columns, Bptt windows, state carried, evaluation mode.</summary>
    public double Evaluate(int[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var data = TextCorpus.Batchify(tokens, options.EvalBatchSize);
        var wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            using var noGrad = new NoGradScope();
            RecurrentState? state = null;
            double lossSum = 0;
            long count = 0;
            foreach (var window in TextCorpus.BpttWindows(data, options.Bptt))
            {
                using var scope = new TensorScope();
                var (logits, next) = model.Forward(window.Inputs, window.Length, window.BatchSize, state);
                lossSum += (double)Ops.CrossEntropy(logits, window.Targets).Item() * window.Targets.Length;
                count += window.Targets.Length;
                state = next.Persist();
            }

            return lossSum / count;
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    private (double Loss, double TokensPerSecond) TrainEpoch(TokenMatrix data, Sgd optimizer, DivergenceGuard guard, Action<int, int, double>? onWindow, CancellationToken cancellation)
    {
        model.Train();
        var windows = (data.Steps - 1 + options.Bptt - 1) / options.Bptt;
        var done = 0;
        var clock = Stopwatch.StartNew();
        RecurrentState? state = null;
        double lossSum = 0;
        long count = 0;
        foreach (var window in TextCorpus.BpttWindows(data, options.Bptt))
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = new TensorScope();
            var (logits, next) = model.Forward(window.Inputs, window.Length, window.BatchSize, state);
            var loss = Ops.CrossEntropy(logits, window.Targets);
            var lossValue = (double)loss.Item();
            guard.CheckLoss(lossValue, optimizer.LearningRate);
            optimizer.ZeroGrad();
            loss.Backward();
            guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(optimizer.Parameters, (float)options.GradientClip), optimizer.LearningRate);
            optimizer.Step();
            lossSum += lossValue * window.Targets.Length;
            count += window.Targets.Length;
            state = next.Persist();
            onWindow?.Invoke(++done, windows, lossValue);
        }

        return (lossSum / count, count / clock.Elapsed.TotalSeconds);
    }
}
