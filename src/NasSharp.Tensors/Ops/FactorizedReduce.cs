using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// DARTS's factorized reduction before its batch norm (Liu et al. 2019): input [N, Cin, H, W] -> [N, 2 Cout, ceil(H / 2),
    /// ceil(W / 2)], the channels of <c>Conv2d(relu(x), weight1, stride: 2)</c> then those of <c>Conv2d(shifted, weight2,
    /// stride: 2)</c> with shifted = <c>Pad(relu(x), [0, 0, -1, -1], [0, 0, 1, 1])</c> (x[:, :, 1:, 1:] with a zero row and
    /// column after: NAS-Bench-201's form, defined for odd sizes too); each weight is [Cout, Cin, 1, 1], without bias.
    /// One op instead of those five (<see cref="FactorizedReduction"/>): no rectified or shifted copy of the input is made
    /// or kept, and the backward pass makes one pass over the input gradient instead of three. Values and gradients are
    /// bitwise those of the composed ops (<c>FactorizedReduceTests</c>).
    /// </summary>
    public static Tensor FactorizedReduce(Tensor input, Tensor weight1, Tensor weight2)
    {
        string Shapes() => $"{nameof(FactorizedReduce)}: input {input.Shape} and weights {weight1.Shape}, {weight2.Shape}";
        if (input.Rank != 4 || weight1.Rank != 4 || !weight1.Shape.Equals(weight2.Shape))
        {
            throw new ArgumentException($"{Shapes()}: expected input [N, Cin, H, W] and two weights of one shape [Cout, Cin, 1, 1].");
        }

        if (weight1.Shape[1] != input.Shape[1] || weight1.Shape[2] != 1 || weight1.Shape[3] != 1)
        {
            throw new ArgumentException($"{Shapes()}: each weight must be [Cout, {input.Shape[1]}, 1, 1].");
        }

        var g = FactorizedReduction.HalfGeometry(input.Shape[0], input.Shape[1], input.Shape[2], input.Shape[3], weight1.Shape[0]);
        var output = Tensor.Uninitialized(new TensorShape(g.N, 2 * g.Cout, g.OutH, g.OutW));
        FactorizedReduction.Forward(g, input.Data, weight1.Data, weight2.Data, output.Data);
        return Tensor.NeedsGrad(input, weight1, weight2) ? output.RecordedBy(new FactorizedReduceBackward(input, weight1, weight2, g)) : output;
    }

    private sealed class FactorizedReduceBackward(Tensor input, Tensor weight1, Tensor weight2, Conv2dGeometry geometry)
        : BackwardNode(input, weight1, weight2)
    {
        public override string OpName => nameof(FactorizedReduce);

        protected internal override bool ReadsOutput => false;

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var inputGrad = GradTargetOf(input, out var accumulate);
            FactorizedReduction.Backward(geometry, input.Data, outputGrad.Data, weight1.Data, weight2.Data, inputGrad, accumulate, GradOf(weight1), GradOf(weight2));
        }
    }
}
