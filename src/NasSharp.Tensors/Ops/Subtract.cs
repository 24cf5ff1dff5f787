using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>a - b with broadcasting. d/da = 1, d/db = -1 (summed over broadcast dimensions).</summary>
    public static Tensor Subtract(Tensor a, Tensor b)
    {
        var (shape, layout) = Broadcasting.Resolve(nameof(Subtract), a.Shape, b.Shape);
        var output = Tensor.Uninitialized(shape);
        Elementwise.Binary<SubtractOperator>(layout, a.Data, b.Data, output.Data);
        return Tensor.NeedsGrad(a, b) ? output.RecordedBy(new SubtractBackward(a, b, layout)) : output;
    }

    private sealed class SubtractBackward(Tensor a, Tensor b, BroadcastLayout layout) : BackwardNode(a, b)
    {
        public override string OpName => nameof(Subtract);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            Broadcasting.AccumulateInto(GradOf(a), layout.AStrides, layout, outputGrad.Data);
            if (b.RequiresGrad)
            {
                var negated = Tensor.Uninitialized(output.Shape);
                TensorPrimitives.Negate(outputGrad.Data, negated.Data);
                Broadcasting.AccumulateInto(GradOf(b), layout.BStrides, layout, negated.Data);
                negated.ReleaseStorage();
            }
        }
    }
}
