using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Natural logarithm elementwise (IEEE: log 0 = -infinity, log of a negative number = NaN). d/dx = 1 / x.
    /// </summary>
    public static Tensor Log(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Log(x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new LogBackward(x)) : output;
    }

    private sealed class LogBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Log);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Unary.AccumulateGradient(default(LogGradientOperator), x.Data, output.Data, outputGrad.Data, g);
            }
        }
    }
}
