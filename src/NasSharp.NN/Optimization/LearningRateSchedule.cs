namespace NasSharp.NN.Optimization;

/// <summary>
/// A learning rate as a function of the step index (0-based; a "step" is whatever the caller counts,
/// an optimizer step or an epoch). Apply with <c>optimizer.LearningRate = schedule.At(step)</c>.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="step"/> (non-negative).</summary>
    public float At(int step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"{GetType().Name}: the step must be non-negative.");
        }

        return Compute(step);
    }

    protected abstract float Compute(int step);
}
