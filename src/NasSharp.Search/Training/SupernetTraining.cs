using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.Search.Strategies;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// Trains a weight-sharing supernet of any space (one-shot or a few-shot sub-supernet: same code, the sub-supernet's
/// mask restricts what is sampled). Each step samples paths as <see cref="SupernetTrainingOptions.Sampling"/> says,
/// computes cross-entropy on one batch, clips, and takes an SGD step with a per-step cosine learning rate.
/// Gradients are dropped rather than zeroed between steps, so operations outside this step's path get neither
/// weight decay nor momentum (PyTorch's <c>zero_grad(set_to_none=True)</c>). After every epoch the weights,
/// optimizer state and progress are checkpointed atomically into the run's directory; <see cref="TryResume"/>
/// continues from the last complete checkpoint with bitwise the same result as an uninterrupted run
/// (kernels are deterministic, and all randomness is keyed by seed and epoch).
/// </summary>
public sealed class SupernetTraining
{
    private readonly ChoiceSupernet supernet;
    private readonly DataLoader loader;
    private readonly Sgd optimizer;
    private readonly CosineAnnealing schedule;
    private readonly DivergenceGuard guard = new("try a lower --weight-lr");

    public SupernetTraining(ChoiceSupernet supernet, DataLoader loader, SupernetTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.supernet = supernet;
        this.loader = loader;
        optimizer = new Sgd(supernet.Parameters(), options.LearningRate, options.Momentum, options.WeightDecay, options.Nesterov);
        schedule = new CosineAnnealing(options.LearningRate, options.MinLearningRate, options.Epochs * loader.BatchCount);
        State = new SupernetTrainingState { Options = options, BatchesPerEpoch = loader.BatchCount };
    }

    /// <summary>Progress so far (after <see cref="TryResume"/>, the checkpoint's).</summary>
    public SupernetTrainingState State { get; private set; }

    public SupernetTrainingOptions Options => State.Options;

    /// <summary>
    /// Restores the last checkpoint in <paramref name="directory"/>, if any; false when there is none. Throws when
    /// the checkpoint was made with another recipe or another number of batches per epoch, since continuing
    /// would not reproduce the run it came from.
    /// </summary>
    public bool TryResume(string directory)
    {
        var restored = SupernetCheckpoint.TryRestore(directory, supernet, optimizer);
        if (restored == null)
        {
            return false;
        }

        if (restored.Options != Options || restored.BatchesPerEpoch != loader.BatchCount)
        {
            throw new ArgumentException(
                $"Supernet training: the checkpoint in {directory} was made with {Describe(restored.Options, restored.BatchesPerEpoch)}, "
                + $"this run asks for {Describe(Options, loader.BatchCount)}; resume with the same settings or use a new directory.");
        }

        State = restored;

        // A kill between the checkpoint and the files written after it (weights, state.json) leaves those behind the
        // checkpoint; rewrite them from it, so a run resumed with no epoch left still ends with all three in step.
        SupernetCheckpoint.Save(directory, supernet, optimizer, State);
        return true;
    }

    /// <summary>
    /// Trains the remaining epochs, checkpointing into <paramref name="directory"/> after each (none when null).
    /// Cancellation stops before the next batch; the last checkpoint stays the resume point.
    /// </summary>
    public SupernetTrainingState Run(string? directory, Action<SupernetProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        for (var epoch = State.CompletedEpochs; epoch < Options.Epochs; epoch++)
        {
            var record = RunEpoch(epoch, clock, progress, cancellationToken);
            State = State with
            {
                CompletedEpochs = epoch + 1,
                Steps = State.Steps + loader.BatchCount,
                Seconds = State.Seconds + record.Seconds,
                History = [.. State.History, record],
            };
            if (directory != null)
            {
                // Never write non-finite weights as a resume point or a result.
                guard.CheckParameters(supernet, optimizer.LearningRate);
                SupernetCheckpoint.Save(directory, supernet, optimizer, State);
            }

            progress?.Invoke(new SupernetProgress(epoch + 1, Options.Epochs, loader.BatchCount, loader.BatchCount, record.Loss, record.Accuracy, record.LearningRate, clock.Elapsed.TotalSeconds, EpochDone: true));
        }

        return State;
    }

    private SupernetEpochRecord RunEpoch(int epoch, Stopwatch clock, Action<SupernetProgress>? progress, CancellationToken cancellationToken)
    {
        var started = clock.Elapsed.TotalSeconds;
        var sampler = new Random(SearchSeeds.Derive(Options.Seed, epoch));
        var dropout = Options.Sampling == SupernetSampling.PathDropout ? new PathDropoutChoicePolicy(sampler) : null;
        supernet.Policy = dropout ?? (IChoicePolicy)new UniformChoicePolicy(sampler);
        supernet.Train();
        var step = (int)State.Steps;
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        var lr = 0f;
        foreach (var batch in loader.Epoch(epoch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lr = schedule.At(step);
            if (dropout != null)
            {
                // Bender et al. 2018, section 3.1: the drop rate is ramped up linearly during training.
                dropout.DropRate = Options.MaxDropRate * step / schedule.TotalSteps;
            }

            var (loss, hits) = Step(batch, lr);
            lossSum += loss * batch.Count;
            correct += hits;
            seen += batch.Count;
            step++;
            progress?.Invoke(new SupernetProgress(epoch + 1, Options.Epochs, batch.Index + 1, loader.BatchCount, lossSum / seen, 100.0 * correct / seen, lr, clock.Elapsed.TotalSeconds, EpochDone: false));
        }

        return new SupernetEpochRecord(epoch + 1, lossSum / seen, 100.0 * correct / seen, lr, clock.Elapsed.TotalSeconds - started);
    }

    private (double Loss, int Correct) Step(ImageBatch batch, float learningRate)
    {
        using var scope = new TensorScope();
        optimizer.ZeroGrad(setToNone: true);
        var logits = supernet.Forward(batch.Images);
        var loss = Ops.CrossEntropy(logits, batch.Labels);
        guard.CheckLoss(loss.Item(), learningRate);
        loss.Backward();
        var norm = Options.GradientClip > 0
            ? GradientClipping.ClipByGlobalNorm(optimizer.Parameters, Options.GradientClip)
            : GradientClipping.GlobalNorm(optimizer.Parameters);
        guard.CheckGradientNorm(norm, learningRate);

        optimizer.LearningRate = learningRate;
        optimizer.Step();
        return (loss.Item(), ClassifierEvaluation.CountCorrect(logits, batch.Labels));
    }

    private static string Describe(SupernetTrainingOptions o, int batches) =>
        FormattableString.Invariant($"{o.Epochs} epochs of {batches} batches, lr {o.LearningRate}, {o.Sampling} sampling, seed {o.Seed}");
}
