namespace NasSharp.Kernels;

/// <summary>
/// The geometry of a softmax over one axis of a dense row-major tensor, seen as [Outer, Length, Inner]:
/// the normalized axis has <see cref="Length"/> elements, consecutive elements of one row are
/// <see cref="Inner"/> apart (1 for the last axis), and <see cref="Outer"/> slabs of Length x Inner follow each other.
/// </summary>
public readonly record struct SoftmaxLayout(int Outer, int Length, int Inner)
{
    /// <summary>Number of elements covered.</summary>
    public long Count => (long)Outer * Length * Inner;

    /// <summary>Throws when a dimension is not positive or a buffer does not hold exactly <see cref="Count"/> elements.</summary>
    public void Validate(string kernel, int length, int otherLength)
    {
        if (Outer <= 0 || Length <= 0 || Inner <= 0)
        {
            throw new ArgumentException($"{kernel}: dimensions must be positive, got Outer={Outer}, Length={Length}, Inner={Inner}.");
        }

        if (length != Count || otherLength != Count)
        {
            throw new ArgumentException($"{kernel}: buffers of {length} and {otherLength} elements do not match Outer={Outer}, Length={Length}, Inner={Inner} ({Count} elements).");
        }
    }
}
