using System.Numerics.Tensors;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>Sum of all elements, as a scalar. d/dx = 1 everywhere.</summary>
    public static Tensor Sum(Tensor x)
    {
        var output = Tensor.Uninitialized(new TensorShape());
        output.Data[0] = TensorPrimitives.Sum(x.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new SumAllBackward(x)) : output;
    }

    private sealed class SumAllBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(Sum);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            TensorPrimitives.Add(g, outputGrad.Data[0], g);
        }
    }
}
