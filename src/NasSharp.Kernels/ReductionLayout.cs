namespace NasSharp.Kernels;

/// <summary>
/// The geometry of one sum over the middle axis of a dense row-major block [Outer, Length, Inner] into
/// [Outer, Inner]. Any set of contiguous axes of a tensor maps onto this form; non-contiguous sets are
/// reduced one group at a time. With <see cref="Accumulate"/> the sums are added to the destination.
/// </summary>
public readonly record struct ReductionLayout(int Outer, int Length, int Inner, bool Accumulate = false)
{
    /// <summary>Throws when a dimension is not positive or a buffer length does not match the layout.</summary>
    public void Validate(int sourceLength, int destinationLength)
    {
        if (Outer <= 0 || Length <= 0 || Inner <= 0)
        {
            throw new ArgumentException($"Reduction: dimensions must be positive, got [{Outer}, {Length}, {Inner}].");
        }

        if (sourceLength != (long)Outer * Length * Inner || destinationLength != (long)Outer * Inner)
        {
            throw new ArgumentException($"Reduction: buffers (source {sourceLength}, destination {destinationLength}) do not match [{Outer}, {Length}, {Inner}] -> [{Outer}, {Inner}].");
        }
    }
}
