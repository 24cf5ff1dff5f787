using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    private const int RememberedConcats = 4;

    // The last few concatenation geometries of this thread (a recurrent cell joins [x_t; h_{t-1}] of the same shapes at
    // every step); their box layouts are never modified, so sharing them is safe.
    [ThreadStatic]
    private static ConcatGeometry?[]? recentConcats;

    [ThreadStatic]
    private static int nextConcat;

    /// <summary>
    /// Joins tensors along <paramref name="axis"/> (negative counts from the end); all other dimensions
    /// must agree. Each input's gradient is its own range of the output gradient.
    /// </summary>
    public static Tensor Concat(IReadOnlyList<Tensor> xs, int axis)
    {
        ArgumentNullException.ThrowIfNull(xs);
        var geometry = ConcatGeometryOf(xs, axis);
        var output = Tensor.Uninitialized(geometry.Output);
        for (var i = 0; i < xs.Count; i++)
        {
            Box.Copy(geometry.Gather[i], xs[i].Data, output.Data);
        }

        var inputs = xs.ToArray();
        return Tensor.NeedsGrad(inputs) ? output.RecordedBy(new ConcatBackward(inputs, geometry)) : output;
    }

    private static ConcatGeometry ConcatGeometryOf(IReadOnlyList<Tensor> xs, int axis)
    {
        recentConcats ??= new ConcatGeometry?[RememberedConcats];
        foreach (var entry in recentConcats)
        {
            if (entry != null && entry.Matches(xs, axis))
            {
                return entry;
            }
        }

        var (a, dims) = ConcatShape(xs, axis);
        var (gather, scatter) = (new BoxLayout[xs.Count], new BoxLayout[xs.Count]);
        var at = 0;
        for (var i = 0; i < xs.Count; i++)
        {
            gather[i] = ConcatLayout(xs[i].Shape.Dims, dims, a, at, toOutput: true);
            scatter[i] = ConcatLayout(xs[i].Shape.Dims, dims, a, at, toOutput: false);
            at += xs[i].Shape.Dims[a];
        }

        var geometry = new ConcatGeometry([.. xs.Select(x => x.Shape)], axis, new TensorShape(dims), gather, scatter);
        recentConcats[nextConcat] = geometry;
        nextConcat = (nextConcat + 1) % RememberedConcats;
        return geometry;
    }

    /// <summary>The box of one input inside the output, copied one way or the other.</summary>
    private static BoxLayout ConcatLayout(ReadOnlySpan<int> inputDims, ReadOnlySpan<int> outputDims, int axis, int offset, bool toOutput)
    {
        var zero = new int[inputDims.Length];
        var shifted = new int[inputDims.Length];
        shifted[axis] = offset;
        return toOutput
            ? new BoxLayout(inputDims, inputDims, zero, outputDims, shifted)
            : new BoxLayout(inputDims, outputDims, shifted, inputDims, zero);
    }

    private static (int Axis, int[] Dims) ConcatShape(IReadOnlyList<Tensor> xs, int axis)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0)
        {
            throw new ArgumentException("Concat: no tensors given.");
        }

        var first = xs[0].Shape;
        var a = first.NormalizeAxis(axis, nameof(Concat));
        var dims = first.ToArray();
        for (var i = 1; i < xs.Count; i++)
        {
            var shape = xs[i].Shape;
            var match = shape.Rank == first.Rank;
            for (var d = 0; match && d < dims.Length; d++)
            {
                match = d == a || shape.Dims[d] == dims[d];
            }

            if (!match)
            {
                throw new ArgumentException($"Concat: shapes {string.Join(", ", xs.Select(x => x.Shape))} differ outside axis {a}.");
            }

            dims[a] += shape.Dims[a];
        }

        return (a, dims);
    }

    /// <summary>The input shapes and raw axis a geometry was made for, the output shape, and each input's box both ways.</summary>
    private sealed record ConcatGeometry(TensorShape[] Inputs, int Axis, TensorShape Output, BoxLayout[] Gather, BoxLayout[] Scatter)
    {
        public bool Matches(IReadOnlyList<Tensor> xs, int axis)
        {
            if (axis != Axis || xs.Count != Inputs.Length)
            {
                return false;
            }

            for (var i = 0; i < Inputs.Length; i++)
            {
                if (xs[i].Shape != Inputs[i])
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed class ConcatBackward(Tensor[] xs, ConcatGeometry geometry) : BackwardNode([.. xs])
    {
        public override string OpName => nameof(Concat);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            for (var i = 0; i < xs.Length; i++)
            {
                // Each input's gradient is a whole box of the output's, so the first contribution is a plain copy.
                var g = GradTargetOf(xs[i], out var accumulate);
                if (!g.IsEmpty)
                {
                    Box.Copy(geometry.Scatter[i], outputGrad.Data, g, accumulate);
                }
            }
        }
    }
}
