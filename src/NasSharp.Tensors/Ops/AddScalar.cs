using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>x + value elementwise, with a constant value. d/dx = 1.</summary>
    public static Tensor AddScalar(Tensor x, float value)
    {
        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Add(x.Data, value, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new AddScalarBackward(x)) : output;
    }

    private sealed class AddScalarBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(AddScalar);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Elementwise.AddInPlace(g, outputGrad.Data);
            }
        }
    }
}
