using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// max(x, 0) elementwise (NaN propagates). d/dx = 1 for x &gt; 0 and 0 otherwise: the derivative at
    /// the kink x = 0 is taken as 0, as in PyTorch.
    /// </summary>
    public static Tensor Relu(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        Unary.Map(default(ReluOperator), x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new ReluBackward(x)) : output;
    }

    private sealed class ReluBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Relu);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradTargetOf(x, out var accumulate);
            if (!g.IsEmpty)
            {
                Unary.Gradient(default(ReluGradientOperator), x.Data, output.Data, outputGrad.Data, g, accumulate);
            }
        }
    }
}
