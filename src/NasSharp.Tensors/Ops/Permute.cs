using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Reorders the axes: output dimension d is input dimension <paramref name="axes"/>[d] (negative axes
    /// count from the end), e.g. Permute(x, 1, 0) transposes a matrix and Permute(x, 0, 2, 3, 1) turns
    /// NCHW into NHWC. The output is a contiguous copy. The gradient is the output gradient permuted by
    /// the inverse permutation.
    /// </summary>
    public static Tensor Permute(Tensor x, params int[] axes)
    {
        var order = PermutationOrder(x.Shape, axes);
        var dims = new int[order.Length];
        for (var d = 0; d < order.Length; d++)
        {
            dims[d] = x.Shape.Dims[order[d]];
        }

        var output = Tensor.Uninitialized(new TensorShape(dims));
        Permutation.Apply(x.Shape.Dims, order, x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new PermuteBackward(x, order)) : output;
    }

    private static int[] PermutationOrder(TensorShape shape, int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length != shape.Rank)
        {
            throw new ArgumentException($"Permute: axes [{string.Join(", ", axes)}] must list each of the {shape.Rank} axes of shape {shape} once.");
        }

        var order = new int[axes.Length];
        var seen = new bool[axes.Length];
        for (var d = 0; d < axes.Length; d++)
        {
            order[d] = shape.NormalizeAxis(axes[d], nameof(Permute));
            if (seen[order[d]])
            {
                throw new ArgumentException($"Permute: axes [{string.Join(", ", axes)}] name axis {order[d]} twice for shape {shape}.");
            }

            seen[order[d]] = true;
        }

        return order;
    }

    private sealed class PermuteBackward(Tensor x, int[] order) : BackwardNode(x)
    {
        public override string OpName => nameof(Permute);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (g.IsEmpty)
            {
                return;
            }

            // Output dimension d came from input dimension order[d], so input dimension order[d] is output dimension d.
            var inverse = new int[order.Length];
            for (var d = 0; d < order.Length; d++)
            {
                inverse[order[d]] = d;
            }

            Permutation.Apply(output.Shape.Dims, inverse, outputGrad.Data, g, accumulate: true);
        }
    }
}
