using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Square root elementwise (IEEE: NaN for negative inputs). d/dx = 0.5 / y from the output y,
    /// infinite at x = 0.
    /// </summary>
    public static Tensor Sqrt(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Sqrt(x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new SqrtBackward(x)) : output;
    }

    private sealed class SqrtBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Sqrt);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Unary.AccumulateGradient(default(SqrtGradientOperator), x.Data, output.Data, outputGrad.Data, g);
            }
        }
    }
}
