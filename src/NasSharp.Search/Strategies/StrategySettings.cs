namespace NasSharp.Search.Strategies;

/// <summary>The strategies' hyperparameters: REA's population P and tournament S, REINFORCE's learning rate.</summary>
public sealed record StrategySettings(int Population = 10, int SampleSize = 3, double LearningRate = 0.05);
