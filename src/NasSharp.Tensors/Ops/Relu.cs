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

    /// <summary>
    /// Reads the output, not the input (relu(x) &gt; 0 exactly when x &gt; 0, NaN included), as PyTorch's
    /// threshold_backward on the result: an input that nothing else reads, such as the batch norm output between
    /// the two halves of a DARTS separable convolution, can then be released early.
    /// </summary>
    private sealed class ReluBackward(Tensor x) : BackwardNode(readsInputs: false, x)
    {
        public override string OpName => nameof(Relu);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradTargetOf(x, out var accumulate);
            if (!g.IsEmpty)
            {
                Unary.Gradient(default(ReluGradientOperator), output.Data, output.Data, outputGrad.Data, g, accumulate);
            }
        }
    }
}
