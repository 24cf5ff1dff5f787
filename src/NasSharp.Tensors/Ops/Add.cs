using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>a + b with broadcasting. d/da = 1, d/db = 1 (summed over broadcast dimensions).</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var (shape, layout) = Broadcasting.Resolve(nameof(Add), a.Shape, b.Shape);
        var output = Tensor.Uninitialized(shape);
        Elementwise.Binary<AddOperator>(layout, a.Data, b.Data, output.Data);
        return Tensor.NeedsGrad(a, b) ? output.RecordedBy(new AddBackward(a, b, layout)) : output;
    }

    private sealed class AddBackward(Tensor a, Tensor b, BroadcastLayout layout) : BackwardNode(readsInputs: false, a, b)
    {
        public override string OpName => nameof(Add);

        protected internal override bool ReadsOutput => false;

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            Broadcasting.AccumulateInto(GradOf(a), layout.AStrides, layout, outputGrad.Data);
            Broadcasting.AccumulateInto(GradOf(b), layout.BStrides, layout, outputGrad.Data);
        }
    }
}
