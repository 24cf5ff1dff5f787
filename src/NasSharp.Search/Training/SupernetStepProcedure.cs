using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.Search.Strategies;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// One-shot supernet training as a step procedure of the <see cref="TrainingLoop{TBatch, TRecord}"/>: every epoch
/// installs a path sampler seeded from (seed, epoch), either uniform single path (SPOS, Guo et al., ECCV 2020) or path
/// dropout with the drop rate ramped linearly over training (Bender et al., ICML 2018, section 3.1); every step
/// computes cross-entropy on the sampled paths, clips, and takes an SGD step with a per-step cosine learning rate.
/// Gradients are dropped rather than zeroed between steps, so operations outside this step's path get neither weight
/// decay nor momentum (PyTorch's <c>zero_grad(set_to_none=True)</c>). The checkpoint is <see cref="SupernetCheckpoint"/>.
/// </summary>
internal sealed class SupernetStepProcedure : IStepProcedure<ImageBatch, SupernetEpochRecord>
{
    private readonly ChoiceSupernet supernet;
    private readonly Sgd optimizer;
    private readonly CosineAnnealing schedule;
    private readonly int batchesPerEpoch;
    private Stopwatch clock = new();
    private PathDropoutChoicePolicy? dropout;
    private int step;
    private float learningRate;

    public SupernetStepProcedure(ChoiceSupernet supernet, SupernetTrainingOptions options, int batchesPerEpoch)
    {
        (this.supernet, Options, this.batchesPerEpoch) = (supernet, options, batchesPerEpoch);
        optimizer = new Sgd(supernet.Parameters(), options.LearningRate, options.Momentum, options.WeightDecay, options.Nesterov);
        schedule = new CosineAnnealing(options.LearningRate, options.MinLearningRate, options.Epochs * batchesPerEpoch);
    }

    public SupernetTrainingOptions Options { get; }

    public Module Model => supernet;

    public DivergenceGuard Guard { get; } = new("try a lower --weight-lr");

    public double LearningRate => optimizer.LearningRate;

    /// <summary>The learning rate of the latest step.</summary>
    public float StepLearningRate => learningRate;

    /// <summary>The run's state after <paramref name="loop"/>'s epochs (every epoch takes one step per batch).</summary>
    public SupernetTrainingState StateOf(TrainingLoopState<SupernetEpochRecord> loop) => new()
    {
        Options = Options,
        BatchesPerEpoch = batchesPerEpoch,
        CompletedEpochs = loop.CompletedEpochs,
        Steps = (long)loop.CompletedEpochs * batchesPerEpoch,
        Seconds = loop.Seconds,
        History = loop.History,
    };

    public void BeginEpoch(int epoch)
    {
        clock = Stopwatch.StartNew();
        var sampler = new Random(SearchSeeds.Derive(Options.Seed, epoch));
        dropout = Options.Sampling == SupernetSampling.PathDropout ? new PathDropoutChoicePolicy(sampler) : null;
        supernet.Policy = dropout ?? (IChoicePolicy)new UniformChoicePolicy(sampler);
        supernet.Train();
        step = epoch * batchesPerEpoch;
        learningRate = 0f;
    }

    public StepMetrics Step(ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        learningRate = schedule.At(step);
        if (dropout != null)
        {
            // Bender et al. 2018, section 3.1: the drop rate is ramped up linearly during training.
            dropout.DropRate = Options.MaxDropRate * step / schedule.TotalSteps;
        }

        using var scope = new TensorScope();
        optimizer.ZeroGrad(setToNone: true);
        var logits = supernet.Forward(batch.Images);
        var loss = Ops.CrossEntropy(logits, batch.Labels);
        Guard.CheckLoss(loss.Item(), learningRate);
        loss.Backward();
        var norm = Options.GradientClip > 0
            ? GradientClipping.ClipByGlobalNorm(optimizer.Parameters, Options.GradientClip)
            : GradientClipping.GlobalNorm(optimizer.Parameters);
        Guard.CheckGradientNorm(norm, learningRate);
        optimizer.LearningRate = learningRate;
        optimizer.Step();
        step++;
        return new StepMetrics(loss.Item(), ClassifierEvaluation.CountCorrect(logits, batch.Labels), batch.Count);
    }

    public SupernetEpochRecord EndEpoch(int epoch, EpochSums sums, double runSeconds)
    {
        ArgumentNullException.ThrowIfNull(sums);
        return new SupernetEpochRecord(epoch + 1, sums.WeightLoss / sums.WeightCount, 100.0 * sums.WeightCorrect / sums.WeightCount, learningRate, clock.Elapsed.TotalSeconds);
    }

    public bool StopsAfter(SupernetEpochRecord record) => false;

    public void Save(string directory, TrainingLoopState<SupernetEpochRecord> state) => SupernetCheckpoint.Save(directory, supernet, optimizer, StateOf(state));

    /// <summary>Throws when the checkpoint was made with another recipe or another number of batches per epoch, since continuing would not reproduce the run it came from.</summary>
    public TrainingLoopState<SupernetEpochRecord>? TryRestore(string directory)
    {
        if (SupernetCheckpoint.TryRestore(directory, supernet, optimizer) is not { } restored)
        {
            return null;
        }

        if (restored.Options != Options || restored.BatchesPerEpoch != batchesPerEpoch)
        {
            throw new ArgumentException(
                $"Supernet training: the checkpoint in {directory} was made with {Describe(restored.Options, restored.BatchesPerEpoch)}, "
                + $"this run asks for {Describe(Options, batchesPerEpoch)}; resume with the same settings or use a new directory.");
        }

        return new TrainingLoopState<SupernetEpochRecord>(restored.CompletedEpochs, restored.History, restored.Seconds, Stopped: false);
    }

    private static string Describe(SupernetTrainingOptions o, int batches) =>
        FormattableString.Invariant($"{o.Epochs} epochs of {batches} batches, lr {o.LearningRate}, {o.Sampling} sampling, seed {o.Seed}");
}
