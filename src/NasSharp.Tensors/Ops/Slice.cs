using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The elements at indices [start, start + length) along <paramref name="axis"/> (negative counts from
    /// the end), as a contiguous copy. The gradient is scattered back into that range; elsewhere it is 0.
    /// </summary>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        var a = x.Shape.NormalizeAxis(axis, nameof(Slice));
        var size = x.Shape.Dims[a];
        if (start < 0 || length <= 0 || start > size - length)
        {
            throw new ArgumentException($"Slice: start {start} and length {length} do not fit in axis {a} (size {size}) of shape {x.Shape}.");
        }

        var dims = x.Shape.ToArray();
        dims[a] = length;
        var offset = new int[dims.Length];
        offset[a] = start;
        var output = Tensor.Uninitialized(new TensorShape(dims));
        Box.Copy(new BoxLayout(dims, x.Shape.Dims, offset, dims, new int[dims.Length]), x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new SliceBackward(x, offset)) : output;
    }

    private sealed class SliceBackward(Tensor x, int[] offset) : BackwardNode(x)
    {
        public override string OpName => nameof(Slice);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradTargetOf(x, out var accumulate);
            if (!g.IsEmpty)
            {
                // The slice covers part of x: a first contribution zeroes the rest and copies the slice's part.
                if (!accumulate)
                {
                    g.Clear();
                }

                var dims = output.Shape.Dims;
                Box.Copy(new BoxLayout(dims, dims, new int[dims.Length], x.Shape.Dims, offset), outputGrad.Data, g, accumulate);
            }
        }
    }
}
