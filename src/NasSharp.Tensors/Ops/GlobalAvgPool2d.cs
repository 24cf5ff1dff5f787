using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Global average pooling: x [N, C, H, W] -> [N, C], the mean of each plane (PyTorch's
    /// adaptive_avg_pool2d to 1x1, flattened). d/dx = dY[n, c] / (H W) at every position of the plane.
    /// </summary>
    public static Tensor GlobalAvgPool2d(Tensor x)
    {
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{nameof(GlobalAvgPool2d)}: input {x.Shape} must be [N, C, H, W].");
        }

        var output = Tensor.Uninitialized(new TensorShape(x.Shape[0], x.Shape[1]));
        GlobalAveragePooling.Forward(output.Count, x.Shape[2] * x.Shape[3], x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new GlobalAvgPool2dBackward(x)) : output;
    }

    private sealed class GlobalAvgPool2dBackward(Tensor x) : BackwardNode(x)
    {
        public override string OpName => nameof(GlobalAvgPool2d);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradTargetOf(x, out var accumulate);
            if (!g.IsEmpty)
            {
                GlobalAveragePooling.Backward(output.Count, x.Shape[2] * x.Shape[3], outputGrad.Data, g, accumulate);
            }
        }
    }
}
