using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    private const int RememberedSlices = 8;

    // The last few slice geometries of this thread: a recurrent cell cuts the same [B, 2H] rows at every step, and each
    // geometry is two box layouts of small arrays (never modified, so sharing them is safe).
    [ThreadStatic]
    private static (TensorShape X, int Axis, int Start, int Length, SliceGeometry? Geometry)[]? recentSlices;

    [ThreadStatic]
    private static int nextSlice;

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

        var geometry = SliceGeometryOf(x.Shape, a, start, length);
        var output = Tensor.Uninitialized(geometry.Output);
        Box.Copy(geometry.Gather, x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new SliceBackward(x, geometry)) : output;
    }

    private static SliceGeometry SliceGeometryOf(TensorShape x, int axis, int start, int length)
    {
        recentSlices ??= new (TensorShape, int, int, int, SliceGeometry?)[RememberedSlices];
        foreach (var entry in recentSlices)
        {
            if (entry.Geometry != null && entry.Axis == axis && entry.Start == start && entry.Length == length && entry.X == x)
            {
                return entry.Geometry;
            }
        }

        var dims = x.ToArray();
        dims[axis] = length;
        var offset = new int[dims.Length];
        offset[axis] = start;
        var geometry = new SliceGeometry(new TensorShape(dims), new BoxLayout(dims, x.Dims, offset, dims, new int[dims.Length]), new BoxLayout(dims, dims, new int[dims.Length], x.Dims, offset));
        recentSlices[nextSlice] = (x, axis, start, length, geometry);
        nextSlice = (nextSlice + 1) % RememberedSlices;
        return geometry;
    }

    /// <summary>A slice's output shape, its copy out of the input (gather) and its gradient's copy back (scatter).</summary>
    private sealed record SliceGeometry(TensorShape Output, BoxLayout Gather, BoxLayout Scatter);

    private sealed class SliceBackward(Tensor x, SliceGeometry geometry) : BackwardNode(x)
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

                Box.Copy(geometry.Scatter, outputGrad.Data, g, accumulate);
            }
        }
    }
}
