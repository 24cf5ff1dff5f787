using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// x for x &gt;= 0, slope * x otherwise, elementwise (Maas et al. 2013). d/dx = 1 for x &gt; 0 and
    /// slope otherwise: the derivative at the kink x = 0 is taken as slope, as in PyTorch.
    /// </summary>
    public static Tensor LeakyRelu(Tensor x, float slope = 0.01f)
    {
        var output = Tensor.Uninitialized(x.Shape);
        Unary.Map(new LeakyReluOperator(slope), x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new LeakyReluBackward(x, slope)) : output;
    }

    private sealed class LeakyReluBackward(Tensor x, float slope) : BackwardNode(x)
    {
        public override string OpName => nameof(LeakyRelu);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Unary.AccumulateGradient(new LeakyReluGradientOperator(slope), x.Data, output.Data, outputGrad.Data, g);
            }
        }
    }
}
