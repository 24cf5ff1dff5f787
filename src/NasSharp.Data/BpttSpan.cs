namespace NasSharp.Data;

/// <summary>
/// One training window of a <see cref="BpttPlan"/>: input rows [Start, Start + Length) of a <see cref="TokenMatrix"/>
/// (Length already clipped to the data), and the factor the step's learning rate is multiplied by.
/// </summary>
public readonly record struct BpttSpan(int Start, int Length, double LearningRateScale);
