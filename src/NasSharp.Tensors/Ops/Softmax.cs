using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Softmax along <paramref name="axis"/> (negative counts from the end), max-shifted so huge logits
    /// stay finite: y = exp(x - max) / sum(exp(x - max)). dx = y * (dy - sum(dy * y)) along the axis.
    /// </summary>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        var layout = SoftmaxGeometry(nameof(Softmax), x.Shape, axis);
        var output = Tensor.Uninitialized(x.Shape);
        Kernels.Softmax.Forward(layout, x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new SoftmaxBackward(x, layout)) : output;
    }

    /// <summary>The [Outer, Length, Inner] view of <paramref name="shape"/> around <paramref name="axis"/>; throws naming <paramref name="op"/> when the axis is out of range.</summary>
    private static SoftmaxLayout SoftmaxGeometry(string op, TensorShape shape, int axis)
    {
        var a = shape.NormalizeAxis(axis, op);
        return new SoftmaxLayout(shape.CountBetween(0, a), shape[a], shape.CountBetween(a + 1, shape.Rank));
    }

    private sealed class SoftmaxBackward(Tensor x, SoftmaxLayout layout) : BackwardNode(x)
    {
        public override string OpName => nameof(Softmax);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var gradX = GradOf(x);
            if (!gradX.IsEmpty)
            {
                Kernels.Softmax.Backward(layout, output.Data, outputGrad.Data, gradX);
            }
        }
    }
}
