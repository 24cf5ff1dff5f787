namespace NasSharp.Kernels;

/// <summary>
/// The layout batch normalisation sees: x [N, C, Spatial] (NCHW with Spatial = H W); the statistics of
/// channel c run over its N Spatial elements.
/// </summary>
public readonly record struct BatchNormGeometry(int N, int C, int Spatial)
{
    /// <summary>Number of elements of x.</summary>
    public int Length => N * C * Spatial;

    /// <summary>Number of elements normalised together (one channel across the batch).</summary>
    public int PerChannel => N * Spatial;

    /// <summary>Throws when a dimension is not positive or <paramref name="length"/> is not <see cref="Length"/>.</summary>
    public void Validate(int length)
    {
        if (N <= 0 || C <= 0 || Spatial <= 0 || length != (long)N * C * Spatial)
        {
            throw new ArgumentException($"BatchNorm2d: buffer length {length} does not match {this}.");
        }
    }

    /// <summary>Throws unless <paramref name="length"/> is C (or, when <paramref name="optional"/>, 0).</summary>
    public void ValidateChannel(string name, int length, bool optional)
    {
        if (length != C && !(optional && length == 0))
        {
            throw new ArgumentException($"BatchNorm2d: {name} has {length} elements, expected {C}{(optional ? " or 0" : string.Empty)} ({this}).");
        }
    }
}
