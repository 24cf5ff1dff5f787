using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The same elements, in the same row-major order, viewed with another shape: no copy, the output
    /// shares storage with <paramref name="x"/>. One dimension may be -1 and is then inferred from the
    /// element count. The gradient is the output gradient reshaped back (element i to element i).
    /// </summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        var output = x.ViewAs(ResolveReshape(x.Shape, shape));
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new ReshapeBackward(x)) : output;
    }

    private static TensorShape ResolveReshape(TensorShape from, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length > TensorShape.MaxRank)
        {
            throw ReshapeError(from, shape, $"the rank exceeds {TensorShape.MaxRank}");
        }

        var dims = (int[])shape.Clone();
        var inferred = -1;
        var known = 1L;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1 && inferred < 0)
            {
                inferred = i;
            }
            else if (dims[i] > 0)
            {
                known *= dims[i];
            }
            else
            {
                throw ReshapeError(from, shape, "dimensions must be positive, with at most one -1");
            }
        }

        if (inferred >= 0 && known <= from.Count && from.Count % known == 0)
        {
            dims[inferred] = (int)(from.Count / known);
            known = from.Count;
        }

        if (known != from.Count)
        {
            throw ReshapeError(from, shape, "the element counts differ");
        }

        return new TensorShape(dims);
    }

    private static ArgumentException ReshapeError(TensorShape from, int[] shape, string reason) =>
        new($"Reshape: cannot view {from} ({from.Count} elements) as [{string.Join(", ", shape)}]: {reason}.");

    private sealed class ReshapeBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Reshape);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Elementwise.AddInPlace(g, outputGrad.Data);
            }
        }
    }
}
