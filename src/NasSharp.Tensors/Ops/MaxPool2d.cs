using System.Buffers;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Max pooling with a square window: x [N, C, H, W] -> [N, C, Ho, Wo], Ho = floor((H + 2 padding -
    /// kernel) / stride) + 1 (PyTorch's max_pool2d, ceil_mode off; padding, never selected, at most
    /// kernel / 2). d/dx routes each output gradient to the position of its window's maximum (the first
    /// one in row-major order on ties, a subgradient as in PyTorch).
    /// </summary>
    public static Tensor MaxPool2d(Tensor x, int kernel, int stride, int padding = 0)
    {
        var g = PoolShapes.Resolve(nameof(MaxPool2d), x.Shape, kernel, stride, padding);
        var output = Tensor.Uninitialized(new TensorShape(g.N, g.C, g.OutH, g.OutW));
        if (!Tensor.NeedsGrad(x))
        {
            MaxPooling.Forward(g, x.Data, output.Data, []);
            return output;
        }

        var argmax = ArrayPool<int>.Shared.Rent(g.OutputLength);
        MaxPooling.Forward(g, x.Data, output.Data, argmax.AsSpan(0, g.OutputLength));
        return output.RecordedBy(new MaxPool2dBackward(x, g, argmax));
    }

    /// <summary>Holds the argmax of every output (rented; returned once the graph is freed).</summary>
    private sealed class MaxPool2dBackward(Tensor x, Pool2dGeometry geometry, int[] argmax) : BackwardNode(x)
    {
        private int[]? indices = argmax;

        public override string OpName => nameof(MaxPool2d);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty && indices != null)
            {
                MaxPooling.Backward(geometry, outputGrad.Data, indices.AsSpan(0, geometry.OutputLength), g);
            }
        }

        protected override void ReleaseSaved()
        {
            if (indices != null)
            {
                ArrayPool<int>.Shared.Return(indices);
                indices = null;
            }
        }
    }
}
