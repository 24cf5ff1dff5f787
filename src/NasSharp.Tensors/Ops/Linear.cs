using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Fully connected layer y = b + x W^T: x [..., In], weight [Out, In], optional bias [Out] -> [..., Out]
    /// (every leading index of x is one row). dx = dy W, dW = dy^T x, db = dy summed over the rows (in a
    /// fixed order, so deterministic).
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        var (rows, inFeatures, outFeatures) = LinearGeometry(x.Shape, weight.Shape, bias?.Shape);
        var dims = x.Shape.ToArray();
        dims[^1] = outFeatures;
        var output = Tensor.Uninitialized(new TensorShape(dims));
        // The bias is where each output's multiply-add chain starts (no second pass over the output).
        Gemm.Multiply(new GemmLayout(rows, outFeatures, inFeatures, TransposeB: true), x.Data, weight.Data, output.Data, bias == null ? [] : bias.Data);
        return Tensor.NeedsGrad(x, weight, bias) ? output.RecordedBy(new LinearBackward(x, weight, bias, rows, inFeatures, outFeatures)) : output;
    }

    private static (int Rows, int In, int Out) LinearGeometry(TensorShape x, TensorShape weight, TensorShape? bias)
    {
        var valid = x.Rank >= 1 && weight.Rank == 2 && x[-1] == weight[1] && (bias == null || (bias.Value.Rank == 1 && bias.Value[0] == weight[0]));
        if (!valid)
        {
            var biasText = bias == null ? string.Empty : $" and bias {bias}";
            throw new ArgumentException($"Linear: input {x}, weight {weight}{biasText} do not fit (expected [..., In], [Out, In], [Out]).");
        }

        return (x.Count / x[-1], weight[1], weight[0]);
    }

    private sealed class LinearBackward(Tensor x, Tensor weight, Tensor? bias, int rows, int inFeatures, int outFeatures)
        : BackwardNode(bias == null ? [x, weight] : [x, weight, bias])
    {
        public override string OpName => nameof(Linear);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var dy = outputGrad.Data;
            var gradX = GradOf(x);
            if (!gradX.IsEmpty)
            {
                Gemm.Multiply(new GemmLayout(rows, inFeatures, outFeatures, Accumulate: true), dy, weight.Data, gradX);
            }

            var gradW = GradOf(weight);
            if (!gradW.IsEmpty)
            {
                Gemm.Multiply(new GemmLayout(outFeatures, inFeatures, rows, TransposeA: true, Accumulate: true), dy, x.Data, gradW);
            }

            if (bias != null && bias.RequiresGrad)
            {
                Reduction.Sum(new ReductionLayout(1, rows, outFeatures, Accumulate: true), dy, GradOf(bias));
            }
        }
    }
}
