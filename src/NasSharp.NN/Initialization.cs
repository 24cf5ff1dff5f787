namespace NasSharp.NN;

/// <summary>
/// Seeded initialisers writing into spans. Every constructor that creates weights takes a <see cref="Random"/>,
/// so the same seed builds the same network (there is no global generator).
/// </summary>
public static class Initialization
{
    /// <summary>
    /// The bound PyTorch's default initialisation gives conv/linear weights and biases: Kaiming-uniform with
    /// a = sqrt(5) yields gain sqrt(2 / (1 + 5)) and bound gain * sqrt(3 / fanIn) = 1 / sqrt(fanIn).
    /// </summary>
    public static float DefaultBound(int fanIn)
    {
        if (fanIn <= 0)
        {
            throw new ArgumentException($"Initialization: fan-in must be positive, got {fanIn}.", nameof(fanIn));
        }

        return 1f / MathF.Sqrt(fanIn);
    }

    /// <summary>Fills <paramref name="data"/> uniformly in [low, high).</summary>
    public static void Uniform(Span<float> data, float low, float high, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = low + ((high - low) * random.NextSingle());
        }
    }

    /// <summary>Fills <paramref name="data"/> from N(mean, std^2) (Box-Muller).</summary>
    public static void Normal(Span<float> data, float mean, float std, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < data.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            data[i] = mean + (std * (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
        }
    }
}
