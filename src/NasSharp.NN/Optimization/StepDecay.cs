namespace NasSharp.NN.Optimization;

/// <summary>Step decay (torch StepLR): lr(t) = initial * gamma^floor(t / stepSize).</summary>
public sealed class StepDecay : LearningRateSchedule
{
    public StepDecay(float initial, int stepSize, float gamma = 0.1f)
    {
        if (initial < 0 || stepSize <= 0 || gamma <= 0)
        {
            throw new ArgumentException($"StepDecay: need initial >= 0, stepSize > 0 and gamma > 0 (got {initial}, {stepSize}, {gamma}).");
        }

        Initial = initial;
        StepSize = stepSize;
        Gamma = gamma;
    }

    public float Initial { get; }

    public int StepSize { get; }

    public float Gamma { get; }

    protected override float Compute(int step) => (float)(Initial * Math.Pow(Gamma, step / StepSize));
}
