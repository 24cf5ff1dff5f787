using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Tensors;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// A language model's training as a step procedure of the one <see cref="TrainingLoop{TBatch, TRecord}"/> (the recipe of
/// <see cref="LanguageModelTraining"/>): an epoch starts from a zero state with the model's dropout draws rekeyed from
/// (seed, epoch); each step is one BPTT window (clipped SGD, its learning rate scaled by the window's factor); each epoch
/// ends by validating (the averaged weights once NT-ASGD switched), keeping the best weights, annealing the learning
/// rate or observing the non-monotonic trigger. The checkpoint is a <see cref="BestWeightsCheckpoint"/>; the trigger's
/// history is replayed from the restored epochs' validation losses.
/// </summary>
internal sealed class LanguageModelStepProcedure : IStepProcedure<BpttSpan, LanguageModelEpochReport>
{
    // The dropout stream's key beside (seed, epoch): BpttPlan keys the window lengths by (seed, epoch) alone.
    private const int DrawStream = 1;

    private readonly IWindowedLanguageModel model;
    private readonly LanguageModelTrainingOptions options;
    private readonly TokenMatrix data;
    private readonly Func<double> validate;
    private readonly string fingerprint;
    private readonly NonMonotonicTrigger? trigger;
    private Optimizer optimizer;
    private AveragedSgd? averaged;
    private Stopwatch clock = new();
    private float epochLearningRate;

    public LanguageModelStepProcedure(IWindowedLanguageModel model, LanguageModelTrainingOptions options, TokenMatrix data, Func<double> validate, string fingerprint)
    {
        (this.model, this.options, this.data, this.validate, this.fingerprint) = (model, options, data, validate, fingerprint);
        optimizer = new Sgd(model.Module.Parameters(), (float)options.LearningRate);
        trigger = options.Asgd ? new NonMonotonicTrigger(options.NonMonotoneInterval) : null;
    }

    public Module Model => model.Module;

    public DivergenceGuard Guard { get; } = new();

    public double LearningRate => optimizer.LearningRate;

    /// <summary>The epoch (1-based) with the lowest validation loss so far, 0 before the first.</summary>
    public int BestEpoch { get; private set; }

    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>The weights of <see cref="BestEpoch"/> (averaged ones when it came after the switch).</summary>
    public StateSnapshot? BestWeights { get; private set; }

    /// <summary>The epoch whose validation switched to averaged SGD, null before.</summary>
    public int? SwitchEpoch { get; private set; }

    public void BeginEpoch(int epoch)
    {
        model.Module.Train();
        model.ResetState();
        model.RekeyDraws(SeedMix.Combine(options.Seed, epoch + 1, DrawStream));
        epochLearningRate = optimizer.LearningRate;
        clock = Stopwatch.StartNew();
    }

    public StepMetrics Step(BpttSpan batch)
    {
        var window = data.Window(batch.Start, batch.Length);
        using var scope = new TensorScope();
        var (loss, objective) = model.Forward(window);
        var lossValue = (double)loss.Item();
        Guard.CheckLoss(lossValue, optimizer.LearningRate);
        optimizer.ZeroGrad();
        objective.Backward();
        Guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(optimizer.Parameters, (float)options.GradientClip), optimizer.LearningRate);
        // rnn/train.py: optimizer.param_groups[0]['lr'] = lr2 * seq_len / args.bptt for the step, restored after it.
        var rate = optimizer.LearningRate;
        optimizer.LearningRate = (float)(rate * batch.LearningRateScale);
        optimizer.Step();
        optimizer.LearningRate = rate;
        return new StepMetrics(lossValue, 0, window.Targets.Length);
    }

    public LanguageModelEpochReport EndEpoch(int epoch, EpochSums sums, double runSeconds)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var validatedAveraged = averaged != null;
        var validLoss = Validate(epoch + 1);
        if (BestEpoch != epoch + 1 && !options.Asgd)
        {
            optimizer.LearningRate = (float)(optimizer.LearningRate / options.AnnealFactor);
        }

        Observe(epoch + 1, validLoss);
        var seconds = clock.Elapsed.TotalSeconds;
        var elapsed = runSeconds + (seconds - trainSeconds);
        return new LanguageModelEpochReport(epoch + 1, options.Epochs, epochLearningRate, sums.WeightLoss / Math.Max(1, sums.WeightCount), validLoss, sums.WeightCount / Math.Max(trainSeconds, 1e-9), seconds, elapsed / (epoch + 1) * (options.Epochs - epoch - 1))
        {
            Averaged = validatedAveraged,
        };
    }

    public bool StopsAfter(LanguageModelEpochReport record) => false;

    public void Save(string directory, TrainingLoopState<LanguageModelEpochReport> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        BestWeightsCheckpoint.Save(directory, model.Module, optimizer, BestWeights, new LanguageModelTrainingProgress(state.CompletedEpochs, state.History, BestEpoch, optimizer.LearningRate, SwitchEpoch, state.Seconds, fingerprint));
    }

    public TrainingLoopState<LanguageModelEpochReport>? TryRestore(string directory)
    {
        if (BestWeightsCheckpoint.TryRead<LanguageModelTrainingProgress>(directory, fingerprint, p => p.Fingerprint, "language-model training") is not { } restored)
        {
            return null;
        }

        var (progress, weights, optimizerState, best) = restored;
        model.Module.LoadStateDict(weights);
        // The trigger's history is the validation losses observed before the switch: replay them, and check that the
        // replay switches where the run did.
        foreach (var record in progress.History)
        {
            Observe(record.Epoch, record.ValidLoss);
        }

        if (SwitchEpoch != progress.SwitchEpoch)
        {
            throw new InvalidDataException($"{Path.Combine(directory, BestWeightsCheckpoint.FileName)}: its epochs switch to averaged SGD after epoch {SwitchEpoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, its progress says {progress.SwitchEpoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.");
        }

        optimizer.LearningRate = progress.LearningRate;
        optimizer.LoadStateDict(optimizerState);
        (BestEpoch, BestWeights) = (progress.BestEpoch, best);
        BestLoss = BestEpoch == 0 ? double.PositiveInfinity : progress.History[BestEpoch - 1].ValidLoss;
        return new TrainingLoopState<LanguageModelEpochReport>(progress.CompletedEpochs, progress.History, progress.Seconds, Stopped: false);
    }

    // Scores the weights to select on (the averages once averaged SGD runs) and keeps them when they are the best so far.
    private double Validate(int epoch)
    {
        averaged?.SwapAverages();
        try
        {
            var loss = validate();
            if (loss < BestLoss)
            {
                (BestEpoch, BestLoss, BestWeights) = (epoch, loss, StateSnapshot.Take(model.Module));
            }

            return loss;
        }
        finally
        {
            averaged?.SwapAverages();
        }
    }

    // NT-ASGD: while plain SGD runs, the trigger hears every validation; when it fires, averaged SGD takes over at the current rate.
    private void Observe(int epoch, double validLoss)
    {
        if (averaged == null && trigger?.Observe(validLoss) == true)
        {
            averaged = new AveragedSgd(model.Module.Parameters(), optimizer.LearningRate);
            (optimizer, SwitchEpoch) = (averaged, epoch);
        }
    }
}
