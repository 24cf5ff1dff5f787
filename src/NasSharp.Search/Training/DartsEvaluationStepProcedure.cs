using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.Search.Networks.Darts;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// DARTS's evaluation recipe (Liu et al. 2019, section 3.3; train.py) as a step procedure of the one
/// <see cref="TrainingLoop{TBatch, TRecord}"/>: every epoch sets the cosine learning rate of the epoch and ramps drop path
/// to DropPath x epoch / epochs; every step minimises cross-entropy plus AuxiliaryWeight x the auxiliary head's
/// cross-entropy (when the network has the head) with the gradient clipped to GradientClip. The drop-path draws come from
/// one <see cref="KeyedRandom"/> rekeyed from (seed, epoch) at every epoch, so a run resumed from its per-epoch
/// checkpoint (<see cref="ClassifierTrainingCheckpoint"/>: weights, batch-norm statistics, momentum) draws exactly what
/// the uninterrupted run drew.
/// </summary>
internal sealed class DartsEvaluationStepProcedure : IStepProcedure<ImageBatch, EpochReport>
{
    private readonly DartsNetwork network;
    private readonly DartsEvaluationOptions options;
    private readonly DataLoader train;
    private readonly DataLoader? test;
    private readonly string fingerprint;
    private readonly CosineAnnealing schedule;
    private readonly KeyedRandom dropPathRandom;
    private Stopwatch clock = new();

    public DartsEvaluationStepProcedure(DartsNetwork network, DartsEvaluationOptions options, DataLoader train, DataLoader? test, string fingerprint)
    {
        (this.network, this.options, this.train, this.test, this.fingerprint) = (network, options, train, test, fingerprint);
        Optimizer = new Sgd(network.Parameters(), options.LearningRate, options.Momentum, options.WeightDecay);
        schedule = new CosineAnnealing(options.LearningRate, 0f, options.Epochs);
        dropPathRandom = new KeyedRandom(options.Seed);
        network.DropPathRandom = dropPathRandom;
    }

    public Sgd Optimizer { get; }

    public Module Model => network;

    public DivergenceGuard Guard { get; } = new("try a lower learning rate (--lr)");

    public double LearningRate => Optimizer.LearningRate;

    public void BeginEpoch(int epoch)
    {
        network.Train();
        clock = Stopwatch.StartNew();
        Optimizer.LearningRate = schedule.At(epoch);
        network.DropPathProbability = options.DropPath * epoch / options.Epochs;
        dropPathRandom.Rekey(Strategies.SearchSeeds.Derive(options.Seed + 3, epoch));
    }

    public StepMetrics Step(ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = new TensorScope();
        var logits = network.Forward(batch.Images);
        var loss = Ops.CrossEntropy(logits, batch.Labels);
        var total = network.AuxiliaryLogits is { } aux ? Ops.Add(loss, Ops.Scale(Ops.CrossEntropy(aux, batch.Labels), options.AuxiliaryWeight)) : loss;
        var lossValue = (double)loss.Item();
        Guard.CheckLoss((double)total.Item(), Optimizer.LearningRate);
        Optimizer.ZeroGrad();
        total.Backward();
        Guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(Optimizer.Parameters, options.GradientClip), Optimizer.LearningRate);
        Optimizer.Step();
        return new StepMetrics(lossValue, ClassifierEvaluation.CountCorrect(logits, batch.Labels), batch.Count);
    }

    /// <summary>The report's loss is the main head's cross-entropy; its seconds include the test scoring.</summary>
    public EpochReport EndEpoch(int epoch, EpochSums sums, double runSeconds)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var score = test == null ? null : ClassifierEvaluation.Score(network, test);
        var seconds = clock.Elapsed.TotalSeconds;
        var elapsed = runSeconds + (seconds - trainSeconds);
        return new EpochReport(
            epoch + 1, options.Epochs, Optimizer.LearningRate, sums.WeightLoss / sums.WeightCount, (double)sums.WeightCorrect / sums.WeightCount, score?.Loss, score?.Accuracy,
            sums.WeightCount / Math.Max(trainSeconds, 1e-9), seconds, elapsed / (epoch + 1) * (options.Epochs - epoch - 1));
    }

    public bool StopsAfter(EpochReport record) => false;

    public void Save(string directory, TrainingLoopState<EpochReport> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ClassifierTrainingCheckpoint.Save(directory, network, Optimizer, new ClassifierTrainingProgress(state.CompletedEpochs, state.History, state.Seconds, fingerprint));
    }

    public TrainingLoopState<EpochReport>? TryRestore(string directory) =>
        ClassifierTrainingCheckpoint.TryRestore(directory, network, Optimizer, fingerprint) is { } restored
            ? new TrainingLoopState<EpochReport>(restored.CompletedEpochs, restored.History, restored.Seconds, Stopped: false)
            : null;
}
