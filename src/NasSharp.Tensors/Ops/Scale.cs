using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>factor * x elementwise, with a constant factor. d/dx = factor.</summary>
    public static Tensor Scale(Tensor x, float factor)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Multiply(x.Data, factor, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new ScaleBackward(x, factor)) : output;
    }

    private sealed class ScaleBackward(Tensor x, float factor) : BackwardNode(x)
    {
        public override string OpName => nameof(Scale);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Elementwise.AddScaledInPlace(g, outputGrad.Data, factor);
            }
        }
    }
}
