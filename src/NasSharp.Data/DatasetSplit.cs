namespace NasSharp.Data;

/// <summary>
/// Two disjoint parts of one dataset. For a DARTS search, <see cref="Train"/> trains the weights and
/// <see cref="Validation"/> updates the architecture parameters.
/// </summary>
public sealed record DatasetSplit(ImageDataset Train, ImageDataset Validation);
