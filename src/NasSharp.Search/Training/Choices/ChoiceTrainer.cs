using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training.Choices;

/// <summary>
/// The optimization loop of one differentiable method on a <see cref="ChoiceSupernet"/> (the DARTS CNN space, the chain
/// space): the counterpart of <see cref="DifferentiableTrainer"/> for spaces beyond NAS-Bench-201. It owns the
/// architecture tables (apart from the weights, Adam vs SGD), installs the method's <see cref="IChoicePolicy"/> and
/// counts analytic training FLOPs. The optional expected-FLOPs term is <see cref="ChoiceFlopsPenalty"/>; the DARTS+
/// stop (a NAS-Bench-201 skip count) is not applied here. Subclasses: <see cref="ChoiceDartsTrainer"/>, <see cref="ChoiceGumbelTrainer"/>, <see cref="ChoiceDsnasTrainer"/>.
/// </summary>
public abstract class ChoiceTrainer
{
    private readonly CosineAnnealing schedule;
    private readonly double mixedFlops;

    protected ChoiceTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Supernet = supernet;
        Options = options;
        ImageSize = imageSize > 0 ? imageSize : throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "ChoiceTrainer: image size must be positive.");
        Tables = new ChoiceTables(supernet.Shapes, new Random(options.Seed), options.AlphaInitScale);
        Random = new Random(options.Seed + 1);
        Weights = supernet.Parameters();
        WeightOptimizer = new Sgd(Weights, options.WeightLearningRate, options.WeightMomentum, options.WeightDecay);
        ArchitectureOptimizer = new Adam(Tables.Tables, options.ArchitectureLearningRate, options.ArchitectureBeta1, options.ArchitectureBeta2, 1e-8f, options.ArchitectureWeightDecay);
        schedule = new CosineAnnealing(options.WeightLearningRate, options.WeightLearningRateMin, scheduleEpochs ?? options.Epochs);
        mixedFlops = supernet.MixedFlops(imageSize);
        Penalty = options.FlopsPenalty > 0 ? new ChoiceFlopsPenalty(supernet, imageSize, options.FlopsPenalty) : null;
    }

    /// <summary>The expected-FLOPs term of the architecture loss, when on.</summary>
    public ChoiceFlopsPenalty? Penalty { get; }

    public ChoiceSupernet Supernet { get; }

    public DifferentiableSearchOptions Options { get; }

    /// <summary>The architecture logits, one table per group.</summary>
    public ChoiceTables Tables { get; }

    public Sgd WeightOptimizer { get; }

    public Adam ArchitectureOptimizer { get; }

    public abstract IChoicePolicy Policy { get; }

    public bool Bilevel => DifferentiableMethods.IsBilevel(Options.Method);

    public double Flops { get; private set; }

    public int ImageSize { get; }

    public virtual float? Temperature => null;

    protected Random Random { get; }

    protected IReadOnlyList<Tensor> Weights { get; }

    public virtual void BeginEpoch(int epoch) => WeightOptimizer.LearningRate = schedule.At(epoch);

    public abstract StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch);

    /// <summary>The derived child now, as a path of the supernet.</summary>
    public IReadOnlyList<int[]> Derive() => Supernet.DerivePath(Tables.Probabilities());

    /// <summary>One weight step on a fixed path (training a derived child on with inherited weights).</summary>
    public StepMetrics ChildStep(IReadOnlyList<int[]> path, ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var policy = Supernet.Policy;
        Supernet.Policy = new FixedChoicePolicy(path);
        try
        {
            using var scope = new TensorScope();
            using var frozen = new GradientFreeze(Tables.Tables);
            WeightOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(batch);
            loss.Backward();
            StepWeights();
            ChargePath(path, batch.Count);
            return new StepMetrics(loss.Item(), correct, batch.Count);
        }
        finally
        {
            Supernet.Policy = policy;
        }
    }

    protected void Install() => Supernet.Policy = Policy;

    protected (Tensor Loss, int Correct) Forward(ImageBatch batch)
    {
        var logits = Supernet.Forward(batch.Images);
        return (Ops.CrossEntropy(logits, batch.Labels), ClassifierEvaluation.CountCorrect(logits, batch.Labels));
    }

    /// <summary><paramref name="loss"/> plus the FLOPs penalty, when on.</summary>
    protected Tensor WithPenalty(Tensor loss) => Penalty == null ? loss : Ops.Add(loss, Penalty.Term(Tables));

    protected void StepWeights()
    {
        GradientClipping.ClipByGlobalNorm(Weights, Options.GradientClip);
        WeightOptimizer.Step();
    }

    protected void ChargeMixed(int images, int passes = 1) => Flops += 3.0 * passes * images * mixedFlops;

    protected void ChargePath(IReadOnlyList<int[]> path, int images) => Flops += 3.0 * images * Supernet.PathFlops(path, ImageSize);
}
