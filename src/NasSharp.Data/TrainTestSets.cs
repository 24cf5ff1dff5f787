namespace NasSharp.Data;

/// <summary>The standard training and test sets of a named dataset (see <see cref="DatasetCatalog"/>).</summary>
public sealed record TrainTestSets(ImageDataset Train, ImageDataset Test);
