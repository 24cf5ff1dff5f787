using NasSharp.Tensors;

namespace NasSharp.NN.Optimization;

/// <summary>
/// The numerical-health check of one training run. Each step reports its loss (<see cref="CheckLoss"/>, once per
/// step, before the optimiser's update) and, cheaply, its global gradient norm (<see cref="CheckGradientNorm"/>, the
/// value <see cref="GradientClipping.ClipByGlobalNorm"/> returns or <see cref="GradientClipping.GlobalNorm"/>); the
/// weights can be checked before they are saved (<see cref="CheckParameters"/>). A check that fails throws
/// <see cref="TrainingDivergedException"/> naming the step, the value, the learning rate and <see cref="Hint"/>, so
/// the update that would spread a NaN into the weights never runs.
/// </summary>
/// <remarks>
/// Rules: a loss or gradient norm that is NaN or infinite fails at once; from the second step on, a finite loss
/// fails when it exceeds <see cref="GrowthFactor"/> times the mean of the first (up to <see cref="ReferenceSteps"/>)
/// losses plus <see cref="Margin"/>. The reference starts at the first step because a short run (a few batches)
/// can explode before a longer warm-up would end, and the step that explodes is then refused before it enters it. Cross-entropy over k classes starts near ln k (2.3 for 10 classes), so the limit is about
/// 231: a run that learns never comes near it, while a learning rate 10^4 times too large reaches 10^10 within an
/// epoch (the `--lr 1000` run of issue 15). The margin keeps a loss that starts near 0 (a regression target already
/// fitted) from tripping on noise. The reference is not checkpointed: a resumed run measures a new one.
/// </remarks>
public sealed class DivergenceGuard
{
    /// <summary>Steps whose mean loss is the reference of the growth rule.</summary>
    public const int ReferenceSteps = 10;

    /// <summary>How many times the reference loss counts as divergence.</summary>
    public const double GrowthFactor = 100;

    /// <summary>Absolute slack (loss units) added to the growth limit.</summary>
    public const double Margin = 1;

    /// <summary>How many times its starting norm the weights may grow before the run counts as diverged.</summary>
    public const double WeightGrowthFactor = 100;

    private double? initialWeightNorm;

    private double referenceSum;
    private int referenceCount;

    /// <param name="hint">What the message suggests, e.g. "lower --weight-lr"; the default names --weight-lr.</param>
    public DivergenceGuard(string hint = "try a lower learning rate (--weight-lr)")
    {
        ArgumentException.ThrowIfNullOrEmpty(hint);
        Hint = hint;
    }

    /// <summary>The suggestion ending every divergence message.</summary>
    public string Hint { get; }

    /// <summary>Steps checked so far (the 1-based number of the last <see cref="CheckLoss"/>).</summary>
    public long Step { get; private set; }

    /// <summary>The loss above which the next step counts as diverged; null before the first loss.</summary>
    public double? Limit => referenceCount == 0 ? null : (GrowthFactor * Math.Abs(referenceSum / referenceCount)) + Margin;

    /// <summary>Checks the loss of the next step; call it once per step, before the optimiser's update.</summary>
    /// <exception cref="TrainingDivergedException">The loss is not finite or exceeds <see cref="Limit"/>.</exception>
    public void CheckLoss(double loss, double learningRate)
    {
        Step++;
        if (!double.IsFinite(loss))
        {
            throw Diverged("loss", loss, learningRate, "is not finite");
        }

        if (Limit is { } limit && loss > limit)
        {
            throw Diverged("loss", loss, learningRate, FormattableString.Invariant($"is more than {GrowthFactor:G}x the mean {referenceSum / referenceCount:G4} of the first {referenceCount} step(s) (+{Margin:G})"));
        }

        if (referenceCount < ReferenceSteps)
        {
            referenceSum += loss;
            referenceCount++;
        }
    }

    /// <summary>Checks the current step's global gradient norm (measured before clipping).</summary>
    /// <exception cref="TrainingDivergedException">The norm is NaN or infinite.</exception>
    public void CheckGradientNorm(double norm, double learningRate)
    {
        if (!double.IsFinite(norm))
        {
            throw Diverged("gradient norm", norm, learningRate, "is not finite");
        }
    }

    /// <summary>
    /// Records the norm the weights start from, so that <see cref="CheckParameters"/> also stops a run whose weights grow
    /// by more than <see cref="WeightGrowthFactor"/>. Behind batch norm the loss is invariant to a layer's weight scale
    /// (van Laarhoven 2017, "L2 regularization versus batch and weight normalization"), so a runaway learning rate can
    /// inflate the weights while the loss stays at chance level and no loss check trips.
    /// </summary>
    public void RecordInitialWeights(Module model) => initialWeightNorm = WeightNorm(model);

    /// <summary>
    /// Checks that every parameter of <paramref name="model"/> is finite, e.g. before its weights are saved, and, after
    /// <see cref="RecordInitialWeights"/>, that their global norm has not grown more than <see cref="WeightGrowthFactor"/>-fold.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A parameter holds NaN or an infinity (the message names it), or the weights blew up.</exception>
    public void CheckParameters(Module model, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (name, tensor) in model.NamedParameters())
        {
            if (FirstNonFinite(tensor) is { } value)
            {
                throw Diverged($"parameter '{name}' holds", value, learningRate, "which is not finite");
            }
        }

        if (initialWeightNorm is { } start && start > 0 && WeightNorm(model) is var norm && norm > WeightGrowthFactor * start)
        {
            throw Diverged("weight norm", norm, learningRate, FormattableString.Invariant($"is more than {WeightGrowthFactor:G}x its starting value {start:G4}"));
        }
    }

    private static double WeightNorm(Module model)
    {
        var sum = 0.0;
        foreach (var (_, tensor) in model.NamedParameters())
        {
            foreach (var x in tensor.Data)
            {
                sum += (double)x * x;
            }
        }

        return Math.Sqrt(sum);
    }

    private static float? FirstNonFinite(Tensor tensor)
    {
        foreach (var x in tensor.Data)
        {
            if (!float.IsFinite(x))
            {
                return x;
            }
        }

        return null;
    }

    private TrainingDivergedException Diverged(string quantity, double value, double learningRate, string reason) =>
        new(Math.Max(Step, 1), quantity, value, learningRate, reason, Hint);
}
