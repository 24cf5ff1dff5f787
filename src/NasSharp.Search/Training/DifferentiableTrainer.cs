using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The optimisation state of one differentiable method on any <see cref="ChoiceSupernet"/> (NAS-Bench-201, the DARTS CNN
/// space, the chain space): the architecture tables (apart from the weights, with their own optimiser: Adam for alpha,
/// SGD for the weights, as DARTS), the method's <see cref="IChoicePolicy"/> installed on the supernet, the weight
/// learning-rate cosine and the analytic training FLOPs spent (3 x forward FLOPs per input per forward-backward pass, of
/// the choices that ran). Steps are generic over the task (<see cref="ISearchTask{TBatch}"/>: images, token windows,
/// series windows); the image overloads use <see cref="ImageClassificationTask"/>. Each subclass is one step procedure: <see cref="DartsTrainer"/> (bilevel, first or second
/// order), <see cref="GumbelTrainer"/> (GDAS bilevel, SNAS single level), <see cref="DsnasTrainer"/>. The epochs run in
/// the one <see cref="TrainingLoop{TBatch, TRecord}"/> (<see cref="DifferentiableSearch"/>, through
/// <see cref="DifferentiableStepProcedure{TBatch}"/>). Training never happens in Forward.
/// </summary>
public abstract class DifferentiableTrainer
{
    private readonly CosineAnnealing schedule;
    private readonly List<Tensor> weights;
    private readonly List<Tensor> weightsAndGains;
    private double mixedFlops;

    /// <param name="supernet">The supernet (or few-shot sub-supernet) to search.</param>
    /// <param name="options">Hyperparameters.</param>
    /// <param name="imageSize">Side of the square inputs (for the FLOP count and the FLOPs penalty).</param>
    /// <param name="scheduleEpochs">Epochs of the weight learning-rate cosine (default: the search epochs).</param>
    /// <param name="initialTables">Architecture logits to start from (copied; a few-shot child inherits its parent's); null draws AlphaInitScale * N(0, 1) from the seed.</param>
    protected DifferentiableTrainer(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs, ChoiceTables? initialTables)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Supernet = supernet;
        Options = options;
        ImageSize = imageSize > 0 ? imageSize : throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "DifferentiableTrainer: image size must be positive.");
        Tables = new ChoiceTables(supernet.Shapes, new Random(options.Seed), options.AlphaInitScale);
        if (initialTables != null)
        {
            Tables.CopyFrom(initialTables);
        }

        Random = new KeyedRandom(options.Seed + 1);
        var gains = supernet.Gains.ToHashSet(ReferenceEqualityComparer.Instance);
        weightsAndGains = [.. supernet.Parameters()];
        weights = [.. weightsAndGains.Where(p => !gains.Contains(p))];
        GainOptimizer = new Adam(weightsAndGains.Where(gains.Contains), options.GainLearningRate ?? options.ArchitectureLearningRate, options.ArchitectureBeta1, options.ArchitectureBeta2);
        WeightOptimizer = options.WeightAlgorithm == WeightAlgorithm.Adam
            ? new Adam(weights, options.WeightLearningRate, weightDecay: options.WeightDecay)
            : new Sgd(weights, options.WeightLearningRate, options.WeightMomentum, options.WeightDecay);
        ArchitectureOptimizer = new Adam(Tables.Tables, options.ArchitectureLearningRate, options.ArchitectureBeta1, options.ArchitectureBeta2, 1e-8f, options.ArchitectureWeightDecay);
        schedule = new CosineAnnealing(options.WeightLearningRate, options.WeightLearningRateMin, scheduleEpochs ?? options.Epochs);
        mixedFlops = supernet.MixedFlops(imageSize);
        Penalty = options.FlopsPenalty > 0 ? new FlopsPenalty(supernet, imageSize, options.FlopsPenalty) : null;
    }

    /// <summary>The expected-FLOPs term of the architecture loss, when on.</summary>
    public FlopsPenalty? Penalty { get; }

    public ChoiceSupernet Supernet { get; }

    public DifferentiableSearchOptions Options { get; }

    /// <summary>The architecture logits, one table per group.</summary>
    public ChoiceTables Tables { get; }

    /// <summary>SGD (DARTS) or Adam (<see cref="DifferentiableSearchOptions.WeightAlgorithm"/>) over the supernet's weights.</summary>
    public Optimizer WeightOptimizer { get; }

    /// <summary>Adam over the architecture tables.</summary>
    public Adam ArchitectureOptimizer { get; }

    /// <summary>
    /// Adam over the supernet's <see cref="ChoiceSupernet.Gains"/> (a grown darts-rnn cell's output weights omega,
    /// RECURRENT.md 3.2 M3; a tib cell's gates gamma_k and gamma_e, 1.2 and M1/M2/M4), stepped with the weights on the
    /// weight batches [NASSHARP]: at
    /// <see cref="DifferentiableSearchOptions.GainLearningRate"/> (default the alpha rate) with alpha's betas, no weight
    /// decay, outside the gradient clip (Adam's step does not scale with the gradient) and outside the learning-rate
    /// cosine and the sequence-length scaling. A scalar that scales a node's whole state moves by up to lr * clip per
    /// plain SGD step, which is what made the grown darts-rnn supernet (and a tib supernet on a small vocabulary) diverge
    /// at the language-modelling rate. Empty (a no-op) for a supernet without gains, so a fixed darts-rnn supernet trains
    /// exactly as before.
    /// </summary>
    public Adam GainOptimizer { get; }

    /// <summary>The method's policy, installed on the supernet by the constructor.</summary>
    public abstract IChoicePolicy Policy { get; }

    /// <summary>Whether steps take an architecture batch from a separate half of the data.</summary>
    public bool Bilevel => DifferentiableMethods.IsBilevel(Options.Method);

    /// <summary>Analytic training FLOPs spent so far (restored with a checkpoint).</summary>
    public double Flops { get; internal set; }

    /// <summary>Side of the inputs.</summary>
    public int ImageSize { get; }

    /// <summary>The Gumbel temperature of the current epoch (GDAS, SNAS), else null.</summary>
    public virtual float? Temperature => null;

    /// <summary>Stops the search with <see cref="TrainingDivergedException"/> when a loss or the weight gradient is non-finite or explodes.</summary>
    public DivergenceGuard Guard { get; } = new("try a lower --weight-lr");

    /// <summary>Source of the policy's samples, rekeyed from (seed, epoch) at every epoch so that a resumed run draws what an uninterrupted one drew.</summary>
    protected KeyedRandom Random { get; }

    /// <summary>The supernet's weights that the weight optimiser steps, in its order (the gains are not among them).</summary>
    protected IReadOnlyList<Tensor> Weights => weights;

    /// <summary>Every parameter trained on the weight batches: <see cref="Weights"/> and the gains (what an architecture step freezes).</summary>
    protected IReadOnlyList<Tensor> WeightsAndGains => weightsAndGains;

    /// <summary>The epoch of the latest <see cref="BeginEpoch"/> (0-based).</summary>
    public int Epoch { get; private set; }

    /// <summary>Sets the epoch's weight learning rate (cosine over the epochs) and, in subclasses, the temperature.</summary>
    public virtual void BeginEpoch(int epoch)
    {
        Epoch = epoch;
        Random.Rekey(Strategies.SearchSeeds.Derive(Options.Seed + 1, epoch));
        WeightOptimizer.LearningRate = schedule.At(epoch);
    }

    /// <summary>One search step of <paramref name="task"/>; <paramref name="architectureBatch"/> is required by bilevel methods and ignored by the others.</summary>
    public abstract StepMetrics Step<TBatch>(ISearchTask<TBatch> task, TBatch weightBatch, TBatch? architectureBatch)
        where TBatch : class;

    /// <summary>One image-classification search step.</summary>
    public StepMetrics Step(ImageBatch weightBatch, ImageBatch? architectureBatch) => Step(ImageClassificationTask.Instance, weightBatch, architectureBatch);

    /// <summary>
    /// Weights created after construction (a node grown by a morphism, RECURRENT.md 2.4) join their optimiser with fresh
    /// state: the supernet's new gains (M3's omega = 0, M1/M2's gamma = 0, M4's gamma_e = 0) the gains' Adam (zero
    /// moments, step 0), the others the weight optimiser and every later step of it (clipping, the second-order perturbation); the FLOP count follows the new size.
    /// </summary>
    public void AddWeights(IReadOnlyList<Tensor> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var gains = Supernet.Gains.ToHashSet(ReferenceEqualityComparer.Instance);
        var newGains = added.Where(gains.Contains).ToArray();
        var newWeights = added.Where(p => !gains.Contains(p)).ToArray();
        WeightOptimizer.AddParameters(newWeights);
        GainOptimizer.AddParameters(newGains);
        weights.AddRange(newWeights);
        weightsAndGains.AddRange(added);
        mixedFlops = Supernet.MixedFlops(ImageSize);
    }

    /// <summary>Recounts the mixed supernet's FLOPs after its structure or open choices changed.</summary>
    public void Recount() => mixedFlops = Supernet.MixedFlops(ImageSize);

    /// <summary>The probabilities of the open choices now, one row-major [rows, choices] array per group.</summary>
    public float[][] Probabilities() => Tables.Probabilities(Supernet.Mask);

    /// <summary>The derived child now, as a path of the supernet.</summary>
    public IReadOnlyList<int[]> Derive() => Supernet.DerivePath(Probabilities());

    /// <summary>One weight step on a fixed path (training a derived child on with inherited weights).</summary>
    public StepMetrics ChildStep(IReadOnlyList<int[]> path, ImageBatch batch) => ChildStep(ImageClassificationTask.Instance, path, batch);

    /// <summary>One weight step of <paramref name="task"/> on a fixed path.</summary>
    public StepMetrics ChildStep<TBatch>(ISearchTask<TBatch> task, IReadOnlyList<int[]> path, TBatch batch)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(batch);
        var policy = Supernet.Policy;
        Supernet.Policy = new FixedChoicePolicy(path);
        try
        {
            using var scope = new TensorScope();
            using var frozen = new GradientFreeze(Tables.Tables);
            ZeroWeightGradients();
            var (loss, correct) = Forward(task, batch, out var objective);
            Backward(objective);
            StepWeights();
            ChargePath(path, task.Inputs(batch));
            return new StepMetrics(loss.Item(), correct, task.Count(batch));
        }
        finally
        {
            Supernet.Policy = policy;
        }
    }

    /// <summary>Installs the method's policy on the supernet (subclass constructors call it once the policy exists).</summary>
    protected void Install() => Supernet.Policy = Policy;

    /// <summary>The task loss of the supernet on a batch under the current policy (checked for divergence), and the number of correct predictions; <paramref name="objective"/> adds the task's regularizers.</summary>
    protected (Tensor Loss, int Correct) Forward<TBatch>(ISearchTask<TBatch> task, TBatch batch, out Tensor objective)
        where TBatch : class
    {
        ArgumentNullException.ThrowIfNull(task);
        var result = task.Loss(Supernet, batch);
        Guard.CheckLoss(result.Loss.Item(), WeightOptimizer.LearningRate);
        objective = result.Objective;
        return (result.Loss, result.Correct);
    }

    /// <summary><see cref="Forward{TBatch}(ISearchTask{TBatch}, TBatch, out Tensor)"/> where only the task loss is wanted (architecture steps, DARTS code: no regularizer in L_val).</summary>
    protected (Tensor Loss, int Correct) Forward<TBatch>(ISearchTask<TBatch> task, TBatch batch)
        where TBatch : class => Forward(task, batch, out _);

    /// <summary>
    /// Back-propagates <paramref name="loss"/>. A single-path sample whose every edge into the output is <c>none</c>
    /// leaves the loss constant in the level being trained (GDAS's equation 6 gives those entries a zero gradient);
    /// the trainable tables then get an explicit zero gradient, so the optimiser still applies weight decay and
    /// momentum to alpha, as it does for any other step.
    /// </summary>
    protected void Backward(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (loss.RequiresGrad)
        {
            loss.Backward();
            return;
        }

        foreach (var table in Tables.Tables.Where(t => t.RequiresGrad))
        {
            Ops.Scale(Ops.Sum(table), 0f).Backward();
        }
    }

    /// <summary><paramref name="loss"/> plus the FLOPs penalty, when on.</summary>
    protected Tensor WithPenalty(Tensor loss) => Penalty == null ? loss : Ops.Add(loss, Penalty.Term(Tables, Supernet.Mask));

    /// <summary>Drops the gradients of the weights and the gains before a weight step's backward pass.</summary>
    protected void ZeroWeightGradients()
    {
        WeightOptimizer.ZeroGrad(setToNone: true);
        GainOptimizer.ZeroGrad(setToNone: true);
    }

    /// <summary>Clips the weight gradients to the configured norm and applies the SGD step; the gains take their own Adam step.</summary>
    protected void StepWeights()
    {
        Guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(Weights, Options.GradientClip), WeightOptimizer.LearningRate);
        WeightOptimizer.Step();
        GainOptimizer.Step();
    }

    /// <summary>Counts <paramref name="passes"/> forward-backward passes of the mixed supernet over <paramref name="inputs"/> inputs.</summary>
    protected void ChargeMixed(int inputs, int passes = 1) => Flops += 3.0 * passes * inputs * mixedFlops;

    /// <summary>Counts one forward-backward pass of one path.</summary>
    protected void ChargePath(IReadOnlyList<int[]> path, int inputs) => Flops += 3.0 * inputs * Supernet.PathFlops(path, ImageSize);
}
