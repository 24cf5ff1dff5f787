using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Surrounds <paramref name="x"/> with <paramref name="before"/>[d] and <paramref name="after"/>[d]
    /// elements of <paramref name="value"/> along every dimension d (both arrays have one entry per
    /// dimension, all non-negative). The gradient is the interior of the output gradient.
    /// </summary>
    public static Tensor Pad(Tensor x, int[] before, int[] after, float value = 0f)
    {
        var dims = PaddedDims(x.Shape, before, after);
        var output = Tensor.Uninitialized(new TensorShape(dims));
        output.Data.Fill(value);
        Box.Copy(new BoxLayout(x.Shape.Dims, x.Shape.Dims, new int[dims.Length], dims, before), x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new PadBackward(x, (int[])before.Clone())) : output;
    }

    private static int[] PaddedDims(TensorShape shape, int[] before, int[] after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var valid = before.Length == shape.Rank && after.Length == shape.Rank && before.All(p => p >= 0) && after.All(p => p >= 0);
        if (!valid)
        {
            throw new ArgumentException($"Pad: before [{string.Join(", ", before)}] and after [{string.Join(", ", after)}] must give a non-negative amount for each of the {shape.Rank} dimensions of shape {shape}.");
        }

        var dims = shape.ToArray();
        for (var d = 0; d < dims.Length; d++)
        {
            dims[d] += before[d] + after[d];
        }

        return dims;
    }

    private sealed class PadBackward(Tensor x, int[] before) : BackwardNode(x)
    {
        public override string OpName => nameof(Pad);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                var dims = x.Shape.Dims;
                Box.Copy(new BoxLayout(dims, output.Shape.Dims, before, dims, new int[dims.Length]), outputGrad.Data, g, accumulate: true);
            }
        }
    }
}
