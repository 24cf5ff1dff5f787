using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Search.Spaces.Tib;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>The network builder of the recurrent spaces: a derived cell from its genotype text (<c>tib:...</c> or <c>darts-rnn:...</c>), trained from scratch.</summary>
public static class RecurrentCells
{
    /// <summary>True when <paramref name="text"/> is a recurrent genotype (by its prefix).</summary>
    public static bool IsRecurrentGenotype(string? text) =>
        text != null && (text.StartsWith(TibGenotype.Prefix, StringComparison.Ordinal) || text.StartsWith(DartsRnnGenotype.Prefix, StringComparison.Ordinal));

    /// <summary>
    /// The derived cell of <paramref name="genotype"/>; throws naming the text when it parses as neither space.
    /// <paramref name="tibBound"/>: h_t = tanh(s_N) (--tib-bound, RECURRENT.md 1.2), tib only.
    /// </summary>
    public static RecurrentCell Create(string genotype, int inputSize, int hiddenSize, Random random, float inputDropout = 0f, float hiddenDropout = 0f, bool tibBound = false)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.StartsWith(TibGenotype.Prefix, StringComparison.Ordinal))
        {
            return new TibCell(TibGenotype.Parse(genotype), inputSize, hiddenSize, random, inputDropout, hiddenDropout, bound: tibBound);
        }

        if (tibBound)
        {
            throw new ArgumentException($"--tib-bound applies to a tib cell (tanh on h_t, RECURRENT.md 1.2); '{genotype}' is not one");
        }

        if (genotype.StartsWith(DartsRnnGenotype.Prefix, StringComparison.Ordinal))
        {
            return new DartsRnnCell(DartsRnnGenotype.Parse(genotype), inputSize, hiddenSize, random, inputDropout, hiddenDropout);
        }

        throw new ArgumentException($"genotype '{genotype}' is neither '{TibGenotype.Prefix}...' nor '{DartsRnnGenotype.Prefix}...'");
    }

    /// <summary>Whether the genotype holds a Hadamard op (the IEEE Access observation, RECURRENT.md 0.2); darts-rnn cells never do.</summary>
    public static bool HasHadamard(string genotype) =>
        genotype != null && genotype.StartsWith(TibGenotype.Prefix, StringComparison.Ordinal) && TibGenotype.Parse(genotype).HasHadamard;
}
