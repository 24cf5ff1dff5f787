using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Average pooling with a square window: x [N, C, H, W] -> [N, C, Ho, Wo], Ho = floor((H + 2 padding -
    /// kernel) / stride) + 1 (PyTorch's avg_pool2d, ceil_mode off; padding at most kernel / 2). With
    /// <paramref name="countIncludePad"/> the divisor is kernel^2, otherwise the number of input elements
    /// under the window. d/dx spreads each output gradient evenly (1 / divisor) over its window.
    /// </summary>
    public static Tensor AvgPool2d(Tensor x, int kernel, int stride, int padding = 0, bool countIncludePad = true)
    {
        var g = PoolShapes.Resolve(nameof(AvgPool2d), x.Shape, kernel, stride, padding);
        var output = Tensor.Uninitialized(new TensorShape(g.N, g.C, g.OutH, g.OutW));
        AveragePooling.Forward(g, countIncludePad, x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new AvgPool2dBackward(x, g, countIncludePad)) : output;
    }

    private sealed class AvgPool2dBackward(Tensor x, Pool2dGeometry geometry, bool countIncludePad) : BackwardNode(readsInputs: false, x)
    {
        public override string OpName => nameof(AvgPool2d);

        protected internal override bool ReadsOutput => false;

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradTargetOf(x, out var accumulate);
            if (!g.IsEmpty)
            {
                AveragePooling.Backward(geometry, countIncludePad, outputGrad.Data, g, accumulate);
            }
        }
    }
}
