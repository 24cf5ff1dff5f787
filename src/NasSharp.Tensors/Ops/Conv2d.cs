using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// 2-d convolution (cross-correlation, as PyTorch's conv2d): input [N, Cin, H, W], weight
    /// [Cout, Cin / groups, kH, kW], optional bias [Cout] -> [N, Cout, Ho, Wo] with
    /// Ho = floor((H + 2 padding - dilation (kH - 1) - 1) / stride) + 1 (likewise Wo); groups == Cin is
    /// a depthwise convolution. Gradients: d/dinput is the transposed convolution of dY with the weight
    /// (col2im of W^T dY), d/dweight = sum over images of dY im2col(x)^T, d/dbias = sum of dY over images
    /// and positions; all three verified against finite differences and a direct-loop reference.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        var g = Conv2dGeometryOf(input.Shape, weight.Shape, bias, stride, padding, dilation, groups);
        var output = Tensor.Uninitialized(new TensorShape(g.N, g.Cout, g.OutH, g.OutW));
        Convolution.Forward(g, input.Data, weight.Data, bias is null ? default : bias.Data, output.Data);
        return Tensor.NeedsGrad(input, weight, bias) ? output.RecordedBy(new Conv2dBackward(input, weight, bias, g)) : output;
    }

    private static Conv2dGeometry Conv2dGeometryOf(TensorShape input, TensorShape weight, Tensor? bias, int stride, int padding, int dilation, int groups)
    {
        // The message prefix is built only on a throw: formatting the shapes on every call cost ~350 KB per DARTS step.
        string Shapes() => $"{nameof(Conv2d)}: input {input} and weight {weight}";
        if (input.Rank != 4 || weight.Rank != 4)
        {
            throw new ArgumentException($"{Shapes()}: expected input [N, Cin, H, W] and weight [Cout, Cin / groups, kH, kW].");
        }

        if (groups <= 0 || input[1] % groups != 0 || weight[0] % groups != 0)
        {
            throw new ArgumentException($"{Shapes()}: groups {groups} must be positive and divide both Cin {input[1]} and Cout {weight[0]}.");
        }

        if (weight[1] * groups != input[1])
        {
            throw new ArgumentException($"{Shapes()}: the weight takes {weight[1]} channels per group, but the input has {input[1]} channels in {groups} group(s) ({input[1] / groups} per group).");
        }

        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight[0]))
        {
            throw new ArgumentException($"{Shapes()} and bias {bias.Shape}: the bias must be [{weight[0]}].");
        }

        var g = new Conv2dGeometry(input[0], input[1], input[2], input[3], weight[0], weight[2], weight[3], stride, padding, dilation, groups);
        if (g.FindProblem() is { } problem)
        {
            throw new ArgumentException($"{Shapes()} (stride {stride}, padding {padding}, dilation {dilation}): {problem}.");
        }

        return g;
    }

    private sealed class Conv2dBackward(Tensor input, Tensor weight, Tensor? bias, Conv2dGeometry geometry)
        : BackwardNode(bias is null ? [input, weight] : [input, weight, bias])
    {
        public override string OpName => nameof(Conv2d);

        protected internal override string ProfileName =>
            $"{nameof(Conv2d)} {(geometry.IsDepthwise && geometry.Groups > 1 ? "depthwise " : string.Empty)}{geometry.KH}x{geometry.KW}{(geometry.Stride > 1 ? $" stride {geometry.Stride}" : string.Empty)}";

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var inputGrad = GradTargetOf(input, out var accumulate);
            if (!inputGrad.IsEmpty)
            {
                Convolution.BackwardData(geometry, outputGrad.Data, weight.Data, inputGrad, accumulate);
            }

            var weightGrad = GradOf(weight);
            var biasGrad = bias is null ? default : GradOf(bias);
            if (!weightGrad.IsEmpty || !biasGrad.IsEmpty)
            {
                Convolution.BackwardWeight(geometry, input.Data, outputGrad.Data, weightGrad, biasGrad);
            }
        }
    }
}
