using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>a * b elementwise with broadcasting. d/da = b, d/db = a (summed over broadcast dimensions).</summary>
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        var (shape, layout) = Broadcasting.Resolve(nameof(Multiply), a.Shape, b.Shape);
        var output = Tensor.Uninitialized(shape);
        Elementwise.Binary<MultiplyOperator>(layout, a.Data, b.Data, output.Data);
        return Tensor.NeedsGrad(a, b) ? output.RecordedBy(new MultiplyBackward(a, b, layout)) : output;
    }

    private sealed class MultiplyBackward(Tensor a, Tensor b, BroadcastLayout layout) : BackwardNode(a, b)
    {
        public override string OpName => nameof(Multiply);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var scratch = Tensor.Uninitialized(output.Shape);
            if (a.RequiresGrad)
            {
                // d(loss)/da = dOut * b, then summed back to a's shape.
                Elementwise.Binary<MultiplyOperator>(Broadcasting.Resolve(nameof(Multiply), output.Shape, b.Shape).Layout, outputGrad.Data, b.Data, scratch.Data);
                Broadcasting.AccumulateInto(GradOf(a), layout.AStrides, layout, scratch.Data);
            }

            if (b.RequiresGrad)
            {
                Elementwise.Binary<MultiplyOperator>(Broadcasting.Resolve(nameof(Multiply), output.Shape, a.Shape).Layout, outputGrad.Data, a.Data, scratch.Data);
                Broadcasting.AccumulateInto(GradOf(b), layout.BStrides, layout, scratch.Data);
            }

            scratch.ReleaseStorage();
        }
    }
}
