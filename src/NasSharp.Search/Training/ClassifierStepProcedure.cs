using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// Stand-alone training as a step procedure of the <see cref="TrainingLoop{TBatch, TRecord}"/>: one SGD step on
/// cross-entropy (with the recipe's label smoothing and clipping) per batch, the learning rate a per-step cosine; an
/// epoch ends by scoring the test set (<see cref="ClassifierEvaluation"/>) into its <see cref="EpochReport"/>. The
/// checkpoint is <see cref="ClassifierTrainingCheckpoint"/>, refused when its fingerprint (recipe, data, network) differs.
/// </summary>
internal sealed class ClassifierStepProcedure : IStepProcedure<ImageBatch, EpochReport>
{
    private readonly Module model;
    private readonly ClassifierTrainingOptions options;
    private readonly DataLoader train;
    private readonly DataLoader? test;
    private readonly string fingerprint;
    private readonly CosineAnnealing schedule;
    private Stopwatch clock = new();
    private int step;

    public ClassifierStepProcedure(Module model, ClassifierTrainingOptions options, DataLoader train, DataLoader? test, string fingerprint)
    {
        (this.model, this.options, this.train, this.test, this.fingerprint) = (model, options, train, test, fingerprint);
        Optimizer = new Sgd(model.Parameters(), (float)options.InitialLearningRate, (float)options.Momentum, (float)options.WeightDecay, options.Nesterov);
        schedule = new CosineAnnealing((float)options.InitialLearningRate, 0f, options.Epochs * train.BatchCount);
        Guard = new DivergenceGuard(options.DivergenceHint);
    }

    public Sgd Optimizer { get; }

    public Module Model => model;

    public DivergenceGuard Guard { get; }

    public double LearningRate => Optimizer.LearningRate;

    public void BeginEpoch(int epoch)
    {
        model.Train();
        clock = Stopwatch.StartNew();
        step = epoch * train.BatchCount;
    }

    public StepMetrics Step(ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Optimizer.LearningRate = schedule.At(step++);
        using var scope = new TensorScope();
        var logits = model.Forward(batch.Images);
        var loss = Ops.CrossEntropy(logits, batch.Labels, (float)options.LabelSmoothing);
        var lossValue = (double)loss.Item();
        Guard.CheckLoss(lossValue, Optimizer.LearningRate);
        Optimizer.ZeroGrad();
        loss.Backward();
        var norm = options.GradientClip is { } clip
            ? GradientClipping.ClipByGlobalNorm(Optimizer.Parameters, (float)clip)
            : GradientClipping.GlobalNorm(Optimizer.Parameters);
        Guard.CheckGradientNorm(norm, Optimizer.LearningRate);
        Optimizer.Step();
        return new StepMetrics(lossValue, ClassifierEvaluation.CountCorrect(logits, batch.Labels), batch.Count);
    }

    /// <summary>The report's learning rate is the epoch's first; its throughput counts training time only, its seconds include the test scoring.</summary>
    public EpochReport EndEpoch(int epoch, EpochSums sums, double runSeconds)
    {
        ArgumentNullException.ThrowIfNull(sums);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var score = test == null ? null : ClassifierEvaluation.Score(model, test);
        var elapsed = runSeconds + (clock.Elapsed.TotalSeconds - trainSeconds);
        return new EpochReport(
            epoch + 1, options.Epochs, schedule.At(epoch * train.BatchCount), sums.WeightLoss / sums.WeightCount, (double)sums.WeightCorrect / sums.WeightCount, score?.Loss, score?.Accuracy,
            train.BatchCount == 0 ? 0 : Samples(train) / trainSeconds,
            clock.Elapsed.TotalSeconds,
            elapsed / (epoch + 1) * (options.Epochs - epoch - 1));
    }

    public bool StopsAfter(EpochReport record) => false;

    public void Save(string directory, TrainingLoopState<EpochReport> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ClassifierTrainingCheckpoint.Save(directory, model, Optimizer, new ClassifierTrainingProgress(state.CompletedEpochs, state.History, state.Seconds, fingerprint));
    }

    public TrainingLoopState<EpochReport>? TryRestore(string directory) =>
        ClassifierTrainingCheckpoint.TryRestore(directory, model, Optimizer, fingerprint) is { } restored
            ? new TrainingLoopState<EpochReport>(restored.CompletedEpochs, restored.History, restored.Seconds, Stopped: false)
            : null;

    private static double Samples(DataLoader loader) =>
        loader.Options.DropLast ? (double)loader.BatchCount * loader.Options.BatchSize : loader.Dataset.Count;
}
