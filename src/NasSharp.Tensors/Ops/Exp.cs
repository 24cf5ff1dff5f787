using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>exp(x) elementwise. d/dx = y, the output itself.</summary>
    public static Tensor Exp(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Exp(x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new ExpBackward(x)) : output;
    }

    private sealed class ExpBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Exp);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Unary.AccumulateGradient(default(ExpGradientOperator), x.Data, output.Data, outputGrad.Data, g);
            }
        }
    }
}
