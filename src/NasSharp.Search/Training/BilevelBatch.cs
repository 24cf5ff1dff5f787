namespace NasSharp.Search.Training;

/// <summary>One step's data of a differentiable search: a weight batch and, for bilevel methods, an architecture batch (null otherwise).</summary>
public readonly record struct BilevelBatch<TBatch>(TBatch Weights, TBatch? Architecture)
    where TBatch : class;
