namespace NasSharp.Data;

/// <summary>
/// Derives independent seeds from tuples such as (seed, epoch, batch): SplitMix64 finalisers chained
/// over the parts (Steele et al. 2014). Randomness keyed this way does not depend on which thread runs
/// the work or when, which keeps prefetching and resuming reproducible.
/// </summary>
public static class SeedMix
{
    public static int Combine(params ReadOnlySpan<long> parts)
    {
        var state = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            state = Finalize(state ^ (ulong)part);
            state += 0x9E3779B97F4A7C15UL;
        }

        return (int)(Finalize(state) >> 33);
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
