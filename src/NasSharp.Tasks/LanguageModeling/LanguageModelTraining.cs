using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// Trains a language model (<see cref="WordLanguageModel"/>, or any <see cref="IWindowedLanguageModel"/>) as PyTorch's
/// word_language_model example (main.py): the training stream is batchified into BatchSize columns and read in windows
/// of Bptt steps; the hidden state is carried from window to window and cut from the graph between them (truncated
/// back-propagation through time); every window is one SGD step on the objective after clipping the gradient norm.
/// After each epoch the validation stream is scored; the best epoch's weights are kept, and an epoch that does not
/// improve divides the learning rate by the anneal factor. The test stream is scored with the best weights. The
/// epochs run in the one <see cref="TrainingLoop{TBatch, TRecord}"/> (<see cref="LanguageModelStepProcedure"/>): dropout
/// draws and window lengths are keyed by (seed, epoch), and a run checkpointed every epoch resumes bitwise.
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
    /// streams); <paramref name="stepProgress"/> hears every BPTT window (an epoch of PTB is minutes on 2 cores). With
    /// <paramref name="checkpointDirectory"/> the run is checkpointed after every epoch (<see cref="BestWeightsCheckpoint"/>)
    /// and a checkpoint found there is resumed from, bitwise as an uninterrupted run: its epochs are replayed through
    /// <paramref name="progress"/> and the rest are trained.
    /// </summary>
    public LanguageModelTrainingResult Run(int[] train, int[] valid, int[] test, IProgress<LanguageModelEpochReport>? progress = null, IProgress<TrainingStep>? stepProgress = null, string? checkpointDirectory = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(test);
        var trainData = TextCorpus.Batchify(train, options.BatchSize);
        var fingerprint = FormattableString.Invariant($"{options} on {train.Length} training / {valid.Length} validation tokens, {Module.GetType().Name} with {Module.ParameterCount()} parameters");
        var procedure = new LanguageModelStepProcedure(model, options, trainData, () => Evaluate(valid), fingerprint);
        var loop = new TrainingLoop<BpttSpan, LanguageModelEpochReport>(procedure, new BpttSpanStream(trainData.Steps, options), options.Epochs);
        if (checkpointDirectory != null)
        {
            loop.TryRestore(checkpointDirectory, progress == null ? null : progress.Report);
        }

        loop.Run(
            checkpointDirectory,
            progress == null ? null : progress.Report,
            stepProgress == null ? null : s => stepProgress.Report(new TrainingStep(s.Epoch + 1, options.Epochs, s.Batch + 1, s.Batches, s.Metrics.WeightLoss)),
            cancellation);

        // Without an improving epoch (a NaN validation loss) the last weights stay.
        procedure.BestWeights?.Restore(Module);
        return new LanguageModelTrainingResult(loop.History, procedure.BestEpoch, procedure.BestLoss, Evaluate(test), loop.Seconds, procedure.SwitchEpoch);
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
}
