namespace NasSharp.NN.Optimization;

/// <summary>
/// Linear warm-up in front of another schedule: for t &lt; warmupSteps, lr(t) = inner.At(0) (t + 1) / warmupSteps,
/// reaching the inner schedule's initial value on the last warm-up step; afterwards lr(t) = inner.At(t - warmupSteps),
/// so the inner schedule runs in full after the warm-up (as Goyal et al. 2017's gradual warm-up does).
/// </summary>
public sealed class LinearWarmup : LearningRateSchedule
{
    private readonly LearningRateSchedule inner;

    public LinearWarmup(LearningRateSchedule inner, int warmupSteps)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (warmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "LinearWarmup: the warm-up length must be non-negative.");
        }

        this.inner = inner;
        WarmupSteps = warmupSteps;
    }

    public int WarmupSteps { get; }

    protected override float Compute(int step) =>
        step < WarmupSteps ? inner.At(0) * (step + 1) / WarmupSteps : inner.At(step - WarmupSteps);
}
