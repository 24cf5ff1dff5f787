namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Cuts <paramref name="x"/> into <paramref name="parts"/> equal consecutive chunks along
    /// <paramref name="axis"/> (e.g. the four gates of an LSTM pre-activation). Each chunk is a
    /// <see cref="Slice"/>, so each carries its own gradient back into its range.
    /// </summary>
    public static Tensor[] Split(Tensor x, int axis, int parts)
    {
        var a = x.Shape.NormalizeAxis(axis, nameof(Split));
        var size = x.Shape.Dims[a];
        if (parts <= 0 || size % parts != 0)
        {
            throw new ArgumentException($"Split: axis {a} (size {size}) of shape {x.Shape} does not divide into {parts} equal parts.");
        }

        var chunk = size / parts;
        var result = new Tensor[parts];
        for (var i = 0; i < parts; i++)
        {
            result[i] = Slice(x, a, i * chunk, chunk);
        }

        return result;
    }
}
