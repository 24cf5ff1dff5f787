namespace NasSharp.Data;

/// <summary>
/// A token stream laid out as [Steps, BatchSize] (row-major) by <see cref="TextCorpus.Batchify"/>:
/// column b holds the contiguous tokens b x Steps .. (b + 1) x Steps - 1 of the stream, so each column
/// is an independent stretch of text read top to bottom, as in AWD-LSTM's batchify.
/// </summary>
public sealed class TokenMatrix
{
    internal TokenMatrix(int[] data, int steps, int batchSize)
    {
        Data = data;
        Steps = steps;
        BatchSize = batchSize;
    }

    /// <summary>Rows (time steps).</summary>
    public int Steps { get; }

    /// <summary>Columns (independent streams).</summary>
    public int BatchSize { get; }

    /// <summary>The tokens, row-major [Steps, BatchSize].</summary>
    public int[] Data { get; }

    /// <summary>The token at time <paramref name="step"/> of stream <paramref name="column"/>.</summary>
    public int this[int step, int column] => Data[(step * BatchSize) + column];

    /// <summary>
    /// Input rows [start, start + length) and target rows [start + 1, start + 1 + length), the length
    /// clipped to Steps - 1 - start (AWD-LSTM get_batch). Use it directly for variable-length BPTT.
    /// </summary>
    public BpttWindow Window(int start, int length)
    {
        if (start < 0 || start >= Steps - 1 || length <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"TokenMatrix [{Steps}, {BatchSize}]: window start {start} must be in [0, {Steps - 1}) and length {length} positive.");
        }

        length = Math.Min(length, Steps - 1 - start);
        var inputs = Data.AsSpan(start * BatchSize, length * BatchSize).ToArray();
        var targets = Data.AsSpan((start + 1) * BatchSize, length * BatchSize).ToArray();
        return new BpttWindow(start, length, BatchSize, inputs, targets);
    }
}
