using NasSharp.Data;

namespace NasSharp.Search.Training;

/// <summary>
/// Training the derived child on after the search, with the weights it inherited from the supernet (DSNAS's
/// deployment without retraining: Hu et al. 2020 keep training the converged child in the same run): the epochs,
/// and the data (the whole search set).
/// </summary>
public sealed record ChildTrainingPlan(DataLoader Data, int Epochs);
