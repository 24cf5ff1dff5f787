namespace NasSharp.NN.Training;

/// <summary>
/// A <see cref="Random"/> whose stream can be restarted from a new seed: a training loop rekeys it at every epoch from
/// (seed, epoch), so a run resumed from a checkpoint draws exactly what the uninterrupted run drew (System.Random's
/// state cannot be saved). Policies hold the one instance; only its inner generator changes.
/// </summary>
public sealed class KeyedRandom(int seed) : Random
{
    private Random inner = new(seed);

    /// <summary>Restarts the stream as <c>new Random(seed)</c>.</summary>
    public void Rekey(int seed) => inner = new Random(seed);

    public override int Next() => inner.Next();

    public override int Next(int maxValue) => inner.Next(maxValue);

    public override int Next(int minValue, int maxValue) => inner.Next(minValue, maxValue);

    public override long NextInt64() => inner.NextInt64();

    public override long NextInt64(long maxValue) => inner.NextInt64(maxValue);

    public override long NextInt64(long minValue, long maxValue) => inner.NextInt64(minValue, maxValue);

    public override double NextDouble() => inner.NextDouble();

    public override float NextSingle() => inner.NextSingle();

    public override void NextBytes(byte[] buffer) => inner.NextBytes(buffer);

    public override void NextBytes(Span<byte> buffer) => inner.NextBytes(buffer);

    protected override double Sample() => inner.NextDouble();
}
