namespace NasSharp.Data;

/// <summary>Shape and difficulty of a <see cref="SyntheticImages"/> dataset.</summary>
public sealed record SyntheticImageOptions
{
    /// <summary>1 (grey) or 3 (each image gets a random colour, so colour carries no class information).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Side length of the square images; at least <see cref="SyntheticImages.MotifSide"/>.</summary>
    public int Size { get; init; } = 16;

    /// <summary>Number of classes, 2 to <see cref="SyntheticImages.MaxClassCount"/>; class k draws motif k.</summary>
    public int ClassCount { get; init; } = 10;

    /// <summary>Each image holds between 1 and this many copies of its class motif, at random non-overlapping places.</summary>
    public int MaxMotifs { get; init; } = 3;

    /// <summary>Number of single-pixel distractor dots per image.</summary>
    public int Distractors { get; init; } = 3;

    /// <summary>Standard deviation of the Gaussian pixel noise, relative to a motif amplitude of about 1.</summary>
    public float Noise { get; init; } = 0.35f;

    internal void Validate()
    {
        if (Channels is not (1 or 3))
        {
            throw new ArgumentException($"SyntheticImages: channels must be 1 or 3, got {Channels}.");
        }

        if (Size < SyntheticImages.MotifSide || Size > 256)
        {
            throw new ArgumentException($"SyntheticImages: size must be in [{SyntheticImages.MotifSide}, 256], got {Size}.");
        }

        if (ClassCount < 2 || ClassCount > SyntheticImages.MaxClassCount)
        {
            throw new ArgumentException($"SyntheticImages: class count must be in [2, {SyntheticImages.MaxClassCount}], got {ClassCount}.");
        }

        if (MaxMotifs < 1 || Distractors < 0 || !(Noise >= 0))
        {
            throw new ArgumentException($"SyntheticImages: max motifs {MaxMotifs} must be at least 1, distractors {Distractors} and noise {Noise} non-negative.");
        }
    }
}
