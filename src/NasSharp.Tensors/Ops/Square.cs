using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>x^2 elementwise. d/dx = 2 x.</summary>
    public static Tensor Square(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Multiply(x.Data, x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new SquareBackward(x)) : output;
    }

    private sealed class SquareBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Square);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Unary.AccumulateGradient(default(SquareGradientOperator), x.Data, output.Data, outputGrad.Data, g);
            }
        }
    }
}
