using NasSharp.Data;

namespace NasSharp.Search.Tasks;

/// <summary>
/// Tiny built-in data for the recurrent search, so it runs on a fresh clone and in tests: a token stream from a sparse
/// random Markov chain (each token has 3 likely successors, so a model can beat the unigram entropy) and a
/// multivariate series of noisy sinusoids with shared phases (each variable predicts the others).
/// </summary>
public static class SyntheticSequences
{
    /// <summary>Train / alpha / valid / test streams of <paramref name="vocabulary"/> words from one chain.</summary>
    public static LanguageModelData Tokens(int seed, int vocabulary = 50, int train = 12_000, int alpha = 3_000, int valid = 3_000, int test = 3_000)
    {
        if (vocabulary < 4 || train <= 0 || alpha <= 0 || valid <= 0 || test <= 0)
        {
            throw new ArgumentException($"synthetic tokens: vocabulary {vocabulary} must be at least 4 and every stream length positive.");
        }

        var random = new Random(seed);
        var successors = Enumerable.Range(0, vocabulary).Select(_ => new[] { random.Next(vocabulary), random.Next(vocabulary), random.Next(vocabulary) }).ToArray();
        var stream = new int[train + alpha + valid + test];
        for (var i = 1; i < stream.Length; i++)
        {
            // 90 %: one of the three successors of the previous word; 10 %: any word.
            stream[i] = random.NextDouble() < 0.9 ? successors[stream[i - 1]][random.Next(3)] : random.Next(vocabulary);
        }

        return new LanguageModelData(vocabulary, stream[..train], stream[train..(train + alpha)], stream[(train + alpha)..(train + alpha + valid)], stream[(train + alpha + valid)..]);
    }

    /// <summary><paramref name="columns"/> noisy sinusoids of <paramref name="rows"/> daily rows (periods 7 to 30 rows), offset to stay positive.</summary>
    public static TimeSeriesDataset Series(int seed, int rows = 1_000, int columns = 4)
    {
        if (rows < 100 || columns <= 0)
        {
            throw new ArgumentException($"synthetic series: rows {rows} must be at least 100 and columns {columns} positive.");
        }

        var random = new Random(seed);
        var periods = Enumerable.Range(0, columns).Select(_ => 7 + (23 * random.NextDouble())).ToArray();
        var values = new float[rows * columns];
        for (var t = 0; t < rows; t++)
        {
            for (var c = 0; c < columns; c++)
            {
                var phase = 2 * Math.PI * t / periods[c];
                values[(t * columns) + c] = (float)(2 + Math.Sin(phase) + (0.5 * Math.Sin(phase / 3)) + (0.05 * ((random.NextDouble() * 2) - 1)));
            }
        }

        return new TimeSeriesDataset("synthetic", values, rows, columns);
    }
}
