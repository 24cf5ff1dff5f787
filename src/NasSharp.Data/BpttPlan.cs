namespace NasSharp.Data;

/// <summary>
/// The training windows of one epoch of a batchified token stream under a <see cref="BpttLengthRule"/>, as the DARTS
/// recurrent code reads ptb.train (rnn/train_search.py and rnn/train.py, <c>train()</c>): starting at row 0, draw a
/// length seq_len, take the window of seq_len rows there (clipped to the data, as get_batch does), scale that step's
/// learning rate by seq_len / bptt (the drawn length, as the code does, also for a clipped last window), move on by
/// seq_len. The lengths come from a stream keyed by (seed, epoch), so an epoch reads the same windows in an
/// uninterrupted run and in one resumed from a checkpoint. With <see cref="BpttLengthRule.Fixed"/> the windows are
/// those of <see cref="TextCorpus.BpttWindows"/> with scale 1. NasSharp reads windows while start &lt; steps - 1,
/// as its fixed windows always have; the code's loop stops one row earlier (start &lt; steps - 2).
/// </summary>
public static class BpttPlan
{
    /// <summary>train.py's floor on a drawn length ("prevent excessively small or negative sequence lengths").</summary>
    public const int ShortestRetrainLength = 5;

    /// <summary>train.py's max_seq_len_delta: a drawn length is at most bptt + this.</summary>
    public const int RetrainLengthDelta = 20;

    /// <summary>The windows of epoch <paramref name="epoch"/> over a matrix of <paramref name="steps"/> rows.</summary>
    public static IReadOnlyList<BpttSpan> Epoch(int steps, int bptt, BpttLengthRule rule, int seed, int epoch)
    {
        if (steps < 2 || bptt <= 0)
        {
            throw new ArgumentException($"BpttPlan: need at least 2 rows and a positive bptt, got {steps} rows and bptt {bptt}.");
        }

        var random = rule == BpttLengthRule.Fixed ? null : new Random(SeedMix.Combine(seed, epoch));
        var spans = new List<BpttSpan>((steps / bptt) + 2);
        for (var start = 0; start < steps - 1;)
        {
            var length = random == null ? bptt : DrawLength(bptt, rule, random);
            spans.Add(new BpttSpan(start, Math.Min(length, steps - 1 - start), random == null ? 1.0 : (double)length / bptt));
            start += length;
        }

        return spans;
    }

    /// <summary>One window length drawn by <paramref name="rule"/> from <paramref name="random"/> (at least 1).</summary>
    public static int DrawLength(int bptt, BpttLengthRule rule, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bptt);
        if (rule == BpttLengthRule.Fixed)
        {
            return bptt;
        }

        // bptt = args.bptt if np.random.random() < 0.95 else args.bptt / 2.
        var center = random.NextDouble() < 0.95 ? bptt : bptt / 2.0;
        if (rule == BpttLengthRule.DartsSearch)
        {
            // seq_len = int(bptt); at least 1 for bptt = 1.
            return Math.Max(1, (int)center);
        }

        // seq_len = max(5, int(np.random.normal(bptt, 5))); seq_len = min(seq_len, args.bptt + args.max_seq_len_delta)
        var drawn = (int)(center + (5.0 * StandardNormal(random)));
        return Math.Min(Math.Max(ShortestRetrainLength, drawn), bptt + RetrainLengthDelta);
    }

    // Box-Muller (Box & Muller 1958): one N(0, 1) draw from two uniforms; 1 - u keeps the logarithm's argument in (0, 1].
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
