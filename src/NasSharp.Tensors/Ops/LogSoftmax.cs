namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Log-softmax along <paramref name="axis"/>, computed as (x - max) - log(sum(exp(x - max))) so it
    /// neither overflows nor loses the log-sum for huge logits. dx = dy - softmax(x) * sum(dy) along the axis.
    /// </summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
    {
        var layout = SoftmaxGeometry(nameof(LogSoftmax), x.Shape, axis);
        var output = Tensor.Uninitialized(x.Shape);
        Kernels.Softmax.LogForward(layout, x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new LogSoftmaxBackward(x, layout)) : output;
    }

    private sealed class LogSoftmaxBackward(Tensor x, Kernels.SoftmaxLayout layout) : BackwardNode(x)
    {
        public override string OpName => nameof(LogSoftmax);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var gradX = GradOf(x);
            if (!gradX.IsEmpty)
            {
                Kernels.Softmax.LogBackward(layout, output.Data, outputGrad.Data, gradX);
            }
        }
    }
}
