using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>1 / (1 + exp(-x)) elementwise. d/dx = y (1 - y), computed from the output y.</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Sigmoid(x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new SigmoidBackward(x)) : output;
    }

    private sealed class SigmoidBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Sigmoid);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Unary.AccumulateGradient(default(SigmoidGradientOperator), x.Data, output.Data, outputGrad.Data, g);
            }
        }
    }
}
