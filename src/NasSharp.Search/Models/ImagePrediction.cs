namespace NasSharp.Search.Models;

/// <summary>One image's prediction: its index in the dataset, its label, the predicted class and that class's softmax probability.</summary>
public readonly record struct ImagePrediction(int Index, int Label, int Prediction, float Probability);
