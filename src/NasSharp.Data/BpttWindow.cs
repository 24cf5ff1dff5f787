namespace NasSharp.Data;

/// <summary>
/// One truncated-backpropagation-through-time window: <see cref="Inputs"/> and <see cref="Targets"/>
/// are [Length, BatchSize] row-major, and the target at (t, b) is the token that follows input (t, b)
/// in stream b.
/// </summary>
public sealed record BpttWindow(int Start, int Length, int BatchSize, int[] Inputs, int[] Targets);
