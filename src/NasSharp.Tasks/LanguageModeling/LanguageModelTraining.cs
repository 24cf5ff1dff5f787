using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// Trains a language model (<see cref="WordLanguageModel"/>, or any <see cref="IWindowedLanguageModel"/>) as PyTorch's
/// word_language_model example (main.py): the training stream is batchified into BatchSize columns and read in windows
/// of Bptt steps; the hidden state is carried from window to window and cut from the graph between them (truncated
/// back-propagation through time); every window is one SGD step on the objective after clipping the gradient norm.
/// After each epoch the validation stream is scored; the best epoch's weights are kept, and an epoch that does not
/// improve divides the learning rate by the anneal factor. The test stream is scored with the best weights.
/// Perplexity is exp(mean token cross-entropy). Each window runs in its own <see cref="TensorScope"/> and passes a
/// <see cref="DivergenceGuard"/> before its update.
/// Two options follow the DARTS recurrent code instead (RECURRENT.md 2.1, 2.3): drawn window lengths with the step's
/// learning rate scaled by length / bptt (<see cref="LanguageModelTrainingOptions.BpttLengths"/>, <see cref="BpttPlan"/>),
/// and NT-ASGD (<see cref="LanguageModelTrainingOptions.Asgd"/>: no annealing; when the
/// <see cref="NonMonotonicTrigger"/> fires, <see cref="AveragedSgd"/> replaces SGD, and every later validation, the
/// kept best weights and so the test use the averaged weights, as rnn/train.py does).
/// </summary>
public sealed class LanguageModelTraining
{
    private readonly IWindowedLanguageModel model;
    private readonly LanguageModelTrainingOptions options;

    public LanguageModelTraining(WordLanguageModel model, LanguageModelTrainingOptions options)
        : this(new WordLanguageModelWindows(model ?? throw new ArgumentNullException(nameof(model))), options)
    {
    }

    public LanguageModelTraining(IWindowedLanguageModel model, LanguageModelTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.model = model;
        this.options = options;
    }

    private Module Module => model.Module;

    /// <summary>
    /// Trains on <paramref name="train"/>, selects on <paramref name="valid"/>, reports on <paramref name="test"/> (token id
    /// streams); <paramref name="stepProgress"/> hears every BPTT window (an epoch of PTB is minutes on 2 cores).
    /// </summary>
    public LanguageModelTrainingResult Run(int[] train, int[] valid, int[] test, IProgress<LanguageModelEpochReport>? progress = null, IProgress<TrainingStep>? stepProgress = null, CancellationToken cancellation = default)
    {
        var trainData = TextCorpus.Batchify(train, options.BatchSize);
        Optimizer optimizer = new Sgd(Module.Parameters(), (float)options.LearningRate);
        var trigger = options.Asgd ? new NonMonotonicTrigger(options.NonMonotoneInterval) : null;
        AveragedSgd? averaged = null;
        int? switchEpoch = null;
        var reports = new List<LanguageModelEpochReport>(options.Epochs);
        var clock = Stopwatch.StartNew();
        var best = new Best();
        var guard = new DivergenceGuard();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var lr = optimizer.LearningRate;
            var (trainLoss, tokensPerSecond) = TrainEpoch(trainData, epoch, optimizer, guard, stepProgress, cancellation);
            guard.CheckParameters(Module, optimizer.LearningRate);
            var validatedAveraged = averaged != null;
            var validLoss = Validate(valid, averaged, epoch, best);
            if (best.Epoch != epoch && !options.Asgd)
            {
                optimizer.LearningRate = (float)(optimizer.LearningRate / options.AnnealFactor);
            }

            if (averaged == null && trigger?.Observe(validLoss) == true)
            {
                (averaged, switchEpoch) = (new AveragedSgd(Module.Parameters(), optimizer.LearningRate), epoch);
                optimizer = averaged;
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var report = new LanguageModelEpochReport(epoch, options.Epochs, lr, trainLoss, validLoss, tokensPerSecond, elapsed - reports.Sum(r => r.Seconds), elapsed / epoch * (options.Epochs - epoch)) { Averaged = validatedAveraged };
            reports.Add(report);
            progress?.Report(report);
        }

        // Without an improving epoch (a NaN validation loss) the last weights stay.
        best.Weights?.Restore(Module);
        return new LanguageModelTrainingResult(reports, best.Epoch, best.Loss, Evaluate(test), clock.Elapsed.TotalSeconds, switchEpoch);
    }

    /// <summary>Mean token cross-entropy of the model on <paramref name="tokens"/>, read as the example's evaluate(): EvalBatchSize columns, Bptt windows, state carried, evaluation mode.</summary>
    public double Evaluate(int[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var data = TextCorpus.Batchify(tokens, options.EvalBatchSize);
        var wasTraining = Module.IsTraining;
        Module.Eval();
        model.ResetState();
        try
        {
            using var noGrad = new NoGradScope();
            double lossSum = 0;
            long count = 0;
            foreach (var window in TextCorpus.BpttWindows(data, options.Bptt))
            {
                using var scope = new TensorScope();
                var (loss, _) = model.Forward(window);
                lossSum += (double)loss.Item() * window.Targets.Length;
                count += window.Targets.Length;
            }

            return lossSum / Math.Max(1, count);
        }
        finally
        {
            Module.Train(wasTraining);
        }
    }

    // Scores the weights to select on (the averages once averaged SGD runs) and keeps them when they are the best so far.
    private double Validate(int[] valid, AveragedSgd? averaged, int epoch, Best best)
    {
        averaged?.SwapAverages();
        try
        {
            var loss = Evaluate(valid);
            if (loss < best.Loss)
            {
                (best.Epoch, best.Loss, best.Weights) = (epoch, loss, StateSnapshot.Take(Module));
            }

            return loss;
        }
        finally
        {
            averaged?.SwapAverages();
        }
    }

    private (double Loss, double TokensPerSecond) TrainEpoch(TokenMatrix data, int epoch, Optimizer optimizer, DivergenceGuard guard, IProgress<TrainingStep>? stepProgress, CancellationToken cancellation)
    {
        Module.Train();
        model.ResetState();
        var spans = BpttPlan.Epoch(data.Steps, options.Bptt, options.BpttLengths, options.Seed, epoch);
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        long count = 0;
        var done = 0;
        foreach (var span in spans)
        {
            cancellation.ThrowIfCancellationRequested();
            var window = data.Window(span.Start, span.Length);
            using var scope = new TensorScope();
            var (loss, objective) = model.Forward(window);
            var lossValue = (double)loss.Item();
            guard.CheckLoss(lossValue, optimizer.LearningRate);
            optimizer.ZeroGrad();
            objective.Backward();
            guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(optimizer.Parameters, (float)options.GradientClip), optimizer.LearningRate);
            StepScaled(optimizer, span.LearningRateScale);
            lossSum += lossValue * window.Targets.Length;
            count += window.Targets.Length;
            stepProgress?.Report(new TrainingStep(epoch, options.Epochs, ++done, spans.Count, lossValue));
        }

        return (lossSum / Math.Max(1, count), count / clock.Elapsed.TotalSeconds);
    }

    // rnn/train.py: optimizer.param_groups[0]['lr'] = lr2 * seq_len / args.bptt for the step, restored after it.
    private static void StepScaled(Optimizer optimizer, double scale)
    {
        var rate = optimizer.LearningRate;
        optimizer.LearningRate = (float)(rate * scale);
        optimizer.Step();
        optimizer.LearningRate = rate;
    }

    private sealed class Best
    {
        public int Epoch { get; set; }

        public double Loss { get; set; } = double.PositiveInfinity;

        public StateSnapshot? Weights { get; set; }
    }
}
