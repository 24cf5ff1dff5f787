using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// a / b elementwise with broadcasting (IEEE division: x / 0 is infinite or NaN).
    /// d/da = 1 / b, d/db = -a / b^2 = -(a / b) / b (summed over broadcast dimensions).
    /// </summary>
    public static Tensor Divide(Tensor a, Tensor b)
    {
        var (shape, layout) = Broadcasting.Resolve(nameof(Divide), a.Shape, b.Shape);
        var output = Tensor.Uninitialized(shape);
        Elementwise.Binary<DivideOperator>(layout, a.Data, b.Data, output.Data);
        return Tensor.NeedsGrad(a, b) ? output.RecordedBy(new DivideBackward(a, b, layout)) : output;
    }

    private sealed class DivideBackward(Tensor a, Tensor b, BroadcastLayout layout) : BackwardNode(a, b)
    {
        public override string OpName => nameof(Divide);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            // scratch = dOut / b, the gradient of a before summing back to a's shape.
            var scratch = Tensor.Uninitialized(output.Shape);
            Elementwise.Binary<DivideOperator>(Broadcasting.Resolve(nameof(Divide), output.Shape, b.Shape).Layout, outputGrad.Data, b.Data, scratch.Data);
            Broadcasting.AccumulateInto(GradOf(a), layout.AStrides, layout, scratch.Data);
            if (b.RequiresGrad)
            {
                // d(loss)/db = -(dOut / b) * (a / b), reusing the forward output a / b.
                TensorPrimitives.Multiply(scratch.Data, output.Data, scratch.Data);
                TensorPrimitives.Negate(scratch.Data, scratch.Data);
                Broadcasting.AccumulateInto(GradOf(b), layout.BStrides, layout, scratch.Data);
            }

            scratch.ReleaseStorage();
        }
    }
}
