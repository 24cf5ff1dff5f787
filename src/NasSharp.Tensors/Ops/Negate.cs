using System.Numerics.Tensors;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>-x elementwise. d/dx = -1.</summary>
    public static Tensor Negate(Tensor x)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Negate(x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new NegateBackward(x)) : output;
    }

    private sealed class NegateBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Negate);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                TensorPrimitives.Subtract(g, outputGrad.Data, g);
            }
        }
    }
}
