using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>tanh(x) elementwise. d/dx = 1 - y^2, computed from the output y.</summary>
    public static Tensor Tanh(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Tanh(x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new TanhBackward(x)) : output;
    }

    private sealed class TanhBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Tanh);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Unary.AccumulateGradient(default(TanhGradientOperator), x.Data, output.Data, outputGrad.Data, g);
            }
        }
    }
}
