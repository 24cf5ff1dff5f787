using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The optimization loop of one differentiable method on a NAS-Bench-201 supernet, one step at a time. It owns
/// the architecture parameters alpha [6, 5] (a tensor apart from the supernet's weights, with its own optimizer:
/// Adam for alpha, SGD for the weights, as DARTS), installs the method's <see cref="IEdgePolicy"/> on the
/// supernet, and counts the analytic training FLOPs it spends (3 x forward FLOPs per image per
/// forward-backward pass, of the operations that ran). Subclasses: <see cref="DartsTrainer"/>,
/// <see cref="GdasTrainer"/>, <see cref="SnasTrainer"/>, <see cref="DsnasTrainer"/>. Training never happens in Forward.
/// </summary>
public abstract class DifferentiableTrainer
{
    private readonly CosineAnnealing schedule;
    private readonly double mixedFlops;

    /// <param name="supernet">The supernet (or few-shot sub-supernet) to search.</param>
    /// <param name="options">Hyperparameters.</param>
    /// <param name="imageSize">Side of the square input images (for the FLOP count and the FLOPs penalty).</param>
    /// <param name="alpha">Initial architecture logits [6, 5] (copied); null draws AlphaInitScale * N(0, 1) from the seed.</param>
    /// <param name="scheduleEpochs">Epochs of the weight learning-rate cosine (default: the search epochs).</param>
    protected DifferentiableTrainer(Nb201Supernet supernet, DifferentiableSearchOptions options, int imageSize, Tensor? alpha, int? scheduleEpochs)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Supernet = supernet;
        Options = options;
        ImageSize = imageSize > 0 ? imageSize : throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "DifferentiableTrainer: image size must be positive.");
        Alpha = Tensor.Persistent(new TensorShape(Nb201CellWiring.EdgeCount, Nb201Genotype.OpCount));
        if (alpha != null)
        {
            Alpha.CopyFrom(EdgeLogits.Check(alpha, GetType().Name));
        }
        else
        {
            var random = new Random(options.Seed);
            for (var i = 0; i < Alpha.Count; i++)
            {
                Alpha.Data[i] = options.AlphaInitScale * (float)Gaussian(random);
            }
        }

        Alpha.RequiresGrad = true;
        Random = new Random(options.Seed + 1);
        Weights = supernet.Parameters();
        WeightOptimizer = new Sgd(Weights, options.WeightLearningRate, options.WeightMomentum, options.WeightDecay);
        ArchitectureOptimizer = new Adam([Alpha], options.ArchitectureLearningRate, options.ArchitectureBeta1, options.ArchitectureBeta2, 1e-8f, options.ArchitectureWeightDecay);
        schedule = new CosineAnnealing(options.WeightLearningRate, options.WeightLearningRateMin, scheduleEpochs ?? options.Epochs);
        Penalty = options.FlopsPenalty > 0 ? new FlopsPenalty(supernet.Options, imageSize, options.FlopsPenalty) : null;
        mixedFlops = Nb201Cost.ForwardFlops(supernet.Options, imageSize, e => supernet.EdgeSpace.Allowed(e));
    }

    public Nb201Supernet Supernet { get; }

    public DifferentiableSearchOptions Options { get; }

    /// <summary>The architecture logits [6, 5], a persistent leaf that requires a gradient.</summary>
    public Tensor Alpha { get; }

    /// <summary>SGD over the supernet's weights.</summary>
    public Sgd WeightOptimizer { get; }

    /// <summary>Adam over alpha.</summary>
    public Adam ArchitectureOptimizer { get; }

    /// <summary>The expected-FLOPs term of the architecture loss, when on.</summary>
    public FlopsPenalty? Penalty { get; }

    /// <summary>The method's policy, installed on the supernet by the constructor.</summary>
    public abstract IEdgePolicy Policy { get; }

    /// <summary>Whether steps take an architecture batch from a separate half of the data.</summary>
    public bool Bilevel => DifferentiableMethods.IsBilevel(Options.Method);

    /// <summary>Analytic training FLOPs spent so far.</summary>
    public double Flops { get; private set; }

    /// <summary>Side of the input images.</summary>
    public int ImageSize { get; }

    /// <summary>The Gumbel temperature of the current epoch (GDAS, SNAS), else null.</summary>
    public virtual float? Temperature => null;

    /// <summary>Source of the policy's samples.</summary>
    protected Random Random { get; }

    /// <summary>The supernet's weights, in optimizer order.</summary>
    protected IReadOnlyList<Tensor> Weights { get; }

    /// <summary>Sets the epoch's weight learning rate (cosine over the epochs) and, in subclasses, the temperature.</summary>
    public virtual void BeginEpoch(int epoch) => WeightOptimizer.LearningRate = schedule.At(epoch);

    /// <summary>One search step; <paramref name="architectureBatch"/> is required by bilevel methods and ignored by the others.</summary>
    public abstract StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch);

    /// <summary>alpha and softmax(alpha) now.</summary>
    public ArchitectureDistribution Distribution() => ArchitectureDistribution.Of(Alpha, Supernet.EdgeSpace);

    /// <summary>One weight step on the fixed path <paramref name="child"/> (the derived child trained on with inherited weights).</summary>
    public StepMetrics ChildStep(Nb201Genotype child, ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var policy = Supernet.Policy;
        Supernet.Policy = new FixedPathPolicy(child);
        try
        {
            using var scope = new TensorScope();
            using var frozen = Freeze([Alpha]);
            WeightOptimizer.ZeroGrad(setToNone: true);
            var (loss, correct) = Forward(batch.Images, batch.Labels);
            loss.Backward();
            StepWeights();
            ChargePath(child, batch.Count);
            return new StepMetrics(loss.Item(), correct, batch.Count);
        }
        finally
        {
            Supernet.Policy = policy;
        }
    }

    /// <summary>Installs the method's policy on the supernet (subclass constructors call it once the policy exists).</summary>
    protected void Install() => Supernet.Policy = Policy;

    /// <summary>Cross-entropy of the supernet on a batch under the current policy, and the number of correct predictions.</summary>
    protected (Tensor Loss, int Correct) Forward(Tensor images, int[] labels)
    {
        var logits = Supernet.Forward(images);
        return (Ops.CrossEntropy(logits, labels), ClassifierEvaluation.CountCorrect(logits, labels));
    }

    /// <summary><paramref name="loss"/> plus the FLOPs penalty of alpha, when on.</summary>
    protected Tensor WithPenalty(Tensor loss) => Penalty == null ? loss : Ops.Add(loss, Penalty.Term(Alpha, Supernet.EdgeSpace));

    /// <summary>Clips the weight gradients to the configured norm and applies the SGD step.</summary>
    protected void StepWeights()
    {
        GradientClipping.ClipByGlobalNorm(Weights, Options.GradientClip);
        WeightOptimizer.Step();
    }

    /// <summary>Stops gradients from being computed for <paramref name="tensors"/> until disposed (saves the backward work of the other level).</summary>
    protected static GradientFreeze Freeze(IEnumerable<Tensor> tensors) => new(tensors);

    /// <summary>Counts <paramref name="passes"/> forward-backward passes of the mixed supernet over <paramref name="images"/> images.</summary>
    protected void ChargeMixed(int images, int passes = 1) => Flops += 3.0 * passes * images * mixedFlops;

    /// <summary>Counts forward-backward passes of one path.</summary>
    protected void ChargePath(Nb201Genotype path, int images, int passes = 1) => Flops += 3.0 * passes * images * Nb201Cost.ForwardFlops(path, Supernet.Options, ImageSize);

    private static double Gaussian(Random random) => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
