namespace NasSharp.Search.Strategies;

/// <summary>
/// Derives independent seeds for repeats of a search from one user seed, so repeat r of seed s never
/// shares a random stream with repeat r' of seed s' (which <c>s + r</c> would).
/// </summary>
public static class SearchSeeds
{
    /// <summary>A seed for <paramref name="stream"/> (e.g. the repeat number) of <paramref name="seed"/>.</summary>
    public static int Derive(int seed, int stream)
    {
        // SplitMix64 finalizer (Steele et al., OOPSLA 2014) of the two values packed together.
        var z = ((ulong)(uint)seed << 32) | (uint)stream;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
