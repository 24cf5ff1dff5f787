namespace NasSharp.Data;

/// <summary>
/// A built-in image classification task, generated deterministically from a seed, on which
/// architecture choices matter. Class k is a small 5x5 motif (bars of four orientations, plus, cross,
/// ring, checker, tee, ell) drawn 1 to <see cref="SyntheticImageOptions.MaxMotifs"/> times at random
/// non-overlapping places, with random amplitude, a random per-image colour, Gaussian noise and
/// single-pixel distractor dots. Each image is then standardised (zero mean, fixed spread over all its
/// pixels) before quantisation to bytes, so neither brightness, contrast nor colour tells the classes
/// apart: the per-channel average of an image (all that global pooling of the input or identity paths
/// see) carries no class information, and the answer lies in local spatial structure, which
/// convolutions (with non-linearities, and depth to join strokes into shapes) can find.
/// Labels are balanced: every run of ClassCount consecutive images holds each class once.
/// </summary>
public static class SyntheticImages
{
    /// <summary>Side length of a motif stencil.</summary>
    public const int MotifSide = 5;

    /// <summary>Number of distinct motifs, hence the largest class count.</summary>
    public const int MaxClassCount = 10;

    /// <summary>Size of the standard training set (<see cref="Standard"/>).</summary>
    public const int StandardTrainCount = 5000;

    /// <summary>Size of the standard test set.</summary>
    public const int StandardTestCount = 1000;

    /// <summary>Seed of the standard training set; the test set uses a different seed.</summary>
    public const int StandardTrainSeed = 1;

    /// <summary>Seed of the standard test set.</summary>
    public const int StandardTestSeed = 2;

    // Byte = 128 + Spread * z for a standardised pixel z; 48 keeps motif pixels (z of 2 to 3) below 255.
    private const float Spread = 48f;

    /// <summary>The name of the motif that class <paramref name="label"/> draws.</summary>
    public static string ClassName(int label) => SyntheticMotifs.Names[label];

    /// <summary>The standard training and test sets (5,000 and 1,000 images, seeds 1 and 2).</summary>
    public static TrainTestSets Standard(SyntheticImageOptions? options = null) => new(
        Generate(StandardTrainSeed, StandardTrainCount, options, "synthetic/train"),
        Generate(StandardTestSeed, StandardTestCount, options, "synthetic/test"));

    /// <summary><paramref name="count"/> images generated from <paramref name="seed"/>; the same arguments give the same bytes.</summary>
    public static ImageDataset Generate(int seed, int count, SyntheticImageOptions? options = null, string? name = null)
    {
        options ??= new SyntheticImageOptions();
        options.Validate();
        if (count <= 0)
        {
            throw new ArgumentException($"SyntheticImages: count must be positive, got {count}.");
        }

        var labels = BalancedLabels(seed, count, options.ClassCount);
        var imageSize = options.Channels * options.Size * options.Size;
        var pixels = new byte[(long)count * imageSize];

        // Each image draws from its own generator keyed by (seed, index), so images are independent of
        // generation order and the loop can run in parallel with identical results.
        Parallel.For(0, count, i =>
        {
            var random = new Random(SeedMix.Combine(seed, i, 0x5157));
            Render(random, labels[i], options, pixels.AsSpan(i * imageSize, imageSize));
        });

        return new ImageDataset(name ?? $"synthetic(seed {seed})", pixels, labels, options.Channels, options.Size, options.Size, options.ClassCount);
    }

    private static int[] BalancedLabels(int seed, int count, int classCount)
    {
        var random = new Random(SeedMix.Combine(seed, 0x1abe1));
        var labels = new int[count];
        var block = Enumerable.Range(0, classCount).ToArray();
        for (var start = 0; start < count; start += classCount)
        {
            random.Shuffle(block);
            block.AsSpan(0, Math.Min(classCount, count - start)).CopyTo(labels.AsSpan(start));
        }

        return labels;
    }

    private static void Render(Random random, int label, SyntheticImageOptions options, Span<byte> output)
    {
        var size = options.Size;
        var plane = size * size;
        var canvas = new float[options.Channels * plane];
        var colour = new float[options.Channels];
        for (var c = 0; c < colour.Length; c++)
        {
            colour[c] = options.Channels == 1 ? 1f : 0.3f + (0.7f * random.NextSingle());
        }

        foreach (var (row, column) in Places(random, size, 1 + random.Next(options.MaxMotifs)))
        {
            var amplitude = 0.7f + (0.6f * random.NextSingle());
            for (var y = 0; y < MotifSide; y++)
            {
                for (var x = 0; x < MotifSide; x++)
                {
                    if (SyntheticMotifs.IsSet(label, y, x))
                    {
                        Paint(canvas, colour, plane, ((row + y) * size) + column + x, amplitude);
                    }
                }
            }
        }

        for (var d = 0; d < options.Distractors; d++)
        {
            Paint(canvas, colour, plane, random.Next(plane), 0.7f + (0.6f * random.NextSingle()));
        }

        for (var i = 0; i < canvas.Length; i++)
        {
            canvas[i] += options.Noise * Gaussian(random);
        }

        Quantize(canvas, output);
    }

    private static void Paint(float[] canvas, float[] colour, int plane, int pixel, float amplitude)
    {
        for (var c = 0; c < colour.Length; c++)
        {
            canvas[(c * plane) + pixel] += amplitude * colour[c];
        }
    }

    /// <summary>Top-left corners of up to <paramref name="wanted"/> motifs whose 5x5 boxes do not overlap (at least one).</summary>
    private static List<(int Row, int Column)> Places(Random random, int size, int wanted)
    {
        var places = new List<(int Row, int Column)>();
        var span = size - MotifSide + 1;
        for (var attempt = 0; attempt < 50 && places.Count < wanted; attempt++)
        {
            var candidate = (Row: random.Next(span), Column: random.Next(span));
            if (places.TrueForAll(p => Math.Abs(p.Row - candidate.Row) >= MotifSide || Math.Abs(p.Column - candidate.Column) >= MotifSide))
            {
                places.Add(candidate);
            }
        }

        return places;
    }

    private static void Quantize(float[] canvas, Span<byte> output)
    {
        double sum = 0;
        double squares = 0;
        foreach (var v in canvas)
        {
            sum += v;
            squares += v * v;
        }

        var mean = sum / canvas.Length;
        var std = Math.Sqrt(Math.Max((squares / canvas.Length) - (mean * mean), 1e-12));
        for (var i = 0; i < canvas.Length; i++)
        {
            var z = (canvas[i] - mean) / std;
            output[i] = (byte)Math.Clamp(Math.Round(128 + (Spread * z)), 0, 255);
        }
    }

    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
