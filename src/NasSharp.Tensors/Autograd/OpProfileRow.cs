namespace NasSharp.Tensors;

/// <summary>
/// One row of an <see cref="OpProfile"/>: an op at one output shape (forward and backward), a named section (its time
/// in the forward columns, shape empty), or a bookkeeping row. Times are wall-clock seconds summed over all calls.
/// </summary>
public sealed record OpProfileRow(string Name, string Shape, int Calls, double Seconds, int BackwardCalls, double BackwardSeconds)
{
    /// <summary>Forward plus backward seconds.</summary>
    public double TotalSeconds => Seconds + BackwardSeconds;
}
