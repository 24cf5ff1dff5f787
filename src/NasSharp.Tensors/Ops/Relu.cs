using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// max(x, 0) elementwise (NaN propagates). d/dx = 1 for x &gt; 0 and 0 otherwise: the derivative at
    /// the kink x = 0 is taken as 0, as in PyTorch.
    /// </summary>
    /// <remarks>
    /// A recorded op output rectified again soon after (a DARTS node feeds up to four edges, and each edge's four
    /// convolution candidates start with a ReLU of it: sixteen ReLUs of one tensor) gets a view of the first result
    /// instead of a new pass and a new buffer (<see cref="RecentRectifications"/>). Each call still records its own
    /// node, so the backward pass walks the same graph and every gradient keeps its bits; only the forward work and the
    /// saved outputs (kept until the convolutions' weight gradients read them) are shared. Op outputs are never written
    /// after they are made (their backward rules read them), so the first result stays valid while its storage lives;
    /// leaves (parameters, inputs) may change between calls and are rectified every time.
    /// </remarks>
    public static Tensor Relu(Tensor x)
    {
        if (!Tensor.NeedsGrad(x))
        {
            var plain = Tensor.Uninitialized(x.Shape);
            Unary.Map(default(ReluOperator), x.Data, plain.Data);
            return plain;
        }

        var recent = x.IsLeaf ? null : RecentRectifications.OnThisThread;
        if (recent?.Find(x) is { } earlier)
        {
            return earlier.ViewAs(x.Shape).RecordedBy(new ReluBackward(x));
        }

        var output = Tensor.Uninitialized(x.Shape);
        Unary.Map(default(ReluOperator), x.Data, output.Data);
        recent?.Add(x, output);
        return output.RecordedBy(new ReluBackward(x));
    }

    /// <summary>
    /// Reads the output, not the input (relu(x) &gt; 0 exactly when x &gt; 0, NaN included), as PyTorch's
    /// threshold_backward on the result: an input that nothing else reads, such as the batch norm output between
    /// the two halves of a DARTS separable convolution, can then be released early.
    /// </summary>
    private sealed class ReluBackward(Tensor x) : BackwardNode(readsInputs: false, x)
    {
        public override string OpName => nameof(Relu);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradTargetOf(x, out var accumulate);
            if (!g.IsEmpty)
            {
                Unary.Gradient(default(ReluGradientOperator), output.Data, output.Data, outputGrad.Data, g, accumulate);
            }
        }
    }
}
