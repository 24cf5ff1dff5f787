using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Joins tensors along <paramref name="axis"/> (negative counts from the end); all other dimensions
    /// must agree. Each input's gradient is its own range of the output gradient.
    /// </summary>
    public static Tensor Concat(IReadOnlyList<Tensor> xs, int axis)
    {
        var (a, dims) = ConcatShape(xs, axis);
        var output = Tensor.Uninitialized(new TensorShape(dims));
        var offsets = new int[xs.Count];
        var at = 0;
        for (var i = 0; i < xs.Count; i++)
        {
            offsets[i] = at;
            Box.Copy(ConcatLayout(xs[i].Shape.Dims, dims, a, at, toOutput: true), xs[i].Data, output.Data);
            at += xs[i].Shape.Dims[a];
        }

        var inputs = xs.ToArray();
        return Tensor.NeedsGrad(inputs) ? output.RecordedBy(new ConcatBackward(inputs, a, offsets)) : output;
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

    private sealed class ConcatBackward(Tensor[] xs, int axis, int[] offsets) : BackwardNode([.. xs])
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
                    Box.Copy(ConcatLayout(xs[i].Shape.Dims, output.Shape.Dims, axis, offsets[i], toOutput: false), outputGrad.Data, g, accumulate);
                }
            }
        }
    }
}
