namespace NasSharp.NN.Optimization;

/// <summary>
/// Cosine annealing without restarts (Loshchilov &amp; Hutter, SGDR, ICLR 2017; torch CosineAnnealingLR):
/// lr(t) = lrMin + (lrMax - lrMin) (1 + cos(pi t / totalSteps)) / 2, held at lrMin after totalSteps.
/// NAS-Bench-201 trains with 0.1 to 0 over 200 epochs, DARTS with 0.025 to 0.001 over 50.
/// </summary>
public sealed class CosineAnnealing : LearningRateSchedule
{
    public CosineAnnealing(float lrMax, float lrMin, int totalSteps)
    {
        if (totalSteps <= 0 || lrMin < 0 || lrMax < lrMin)
        {
            throw new ArgumentException($"CosineAnnealing: need totalSteps > 0 and 0 <= lrMin <= lrMax (got {lrMax}, {lrMin}, {totalSteps}).");
        }

        LrMax = lrMax;
        LrMin = lrMin;
        TotalSteps = totalSteps;
    }

    public float LrMax { get; }

    public float LrMin { get; }

    public int TotalSteps { get; }

    protected override float Compute(int step)
    {
        var t = Math.Min(step, TotalSteps);
        return (float)(LrMin + ((LrMax - LrMin) * (1 + Math.Cos(Math.PI * t / TotalSteps)) / 2));
    }
}
