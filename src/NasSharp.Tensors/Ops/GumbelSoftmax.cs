using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// A Gumbel-softmax sample along <paramref name="axis"/> (Jang et al. 2017, "Categorical
    /// Reparameterization with Gumbel-Softmax", eq. 1; the sampler of GDAS, Dong and Yang 2019):
    /// y = softmax((logits + g) / tau) with g = -log(-log(u)), u ~ U(0, 1) drawn from
    /// <paramref name="random"/> one per element in row-major order. With <paramref name="hard"/> the
    /// forward value is exactly the one-hot of argmax(y) (first index on ties) and the gradient is the
    /// soft sample's (straight-through, Jang et al. section 2.2): d/dlogits = softmax'(y)(dy) / tau.
    /// Unlike PyTorch's y_hard - y_soft.detach() + y_soft, the hard forward holds exact zeros and ones.
    /// </summary>
    public static Tensor GumbelSoftmax(Tensor logits, float temperature, Random random, bool hard = false, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(temperature > 0f) || float.IsPositiveInfinity(temperature))
        {
            throw new ArgumentException($"GumbelSoftmax: temperature {temperature} must be positive and finite (logits {logits.Shape}).");
        }

        var layout = SoftmaxGeometry(nameof(GumbelSoftmax), logits.Shape, axis);
        var soft = Tensor.Uninitialized(logits.Shape);
        PerturbWithGumbel(logits.Data, temperature, random, soft.Data);
        Kernels.Softmax.Forward(layout, soft.Data, soft.Data);
        var output = soft;
        if (hard)
        {
            output = Tensor.Uninitialized(logits.Shape);
            OneHotOfArgMax(layout, soft.Data, output.Data);
        }

        return Tensor.NeedsGrad(logits) ? output.RecordedBy(new GumbelSoftmaxBackward(logits, soft, layout, temperature)) : output;
    }

    /// <summary>z = (logits + g) / tau with standard Gumbel noise g, computed in double.</summary>
    private static void PerturbWithGumbel(ReadOnlySpan<float> logits, float temperature, Random random, Span<float> z)
    {
        for (var i = 0; i < z.Length; i++)
        {
            // u in (0, 1): NextDouble is in [0, 1), so redraw the (rare) exact zero; then g is finite.
            double u;
            do
            {
                u = random.NextDouble();
            }
            while (u <= 0.0);

            var g = -Math.Log(-Math.Log(u));
            z[i] = (float)((logits[i] + g) / temperature);
        }
    }

    private static void OneHotOfArgMax(SoftmaxLayout layout, ReadOnlySpan<float> y, Span<float> oneHot)
    {
        oneHot.Clear();
        for (var o = 0; o < layout.Outer; o++)
        {
            for (var k = 0; k < layout.Inner; k++)
            {
                var start = (o * layout.Length * layout.Inner) + k;
                var best = start;
                for (var j = 1; j < layout.Length; j++)
                {
                    var i = start + (j * layout.Inner);
                    if (y[i] > y[best])
                    {
                        best = i;
                    }
                }

                oneHot[best] = 1f;
            }
        }
    }

    private sealed class GumbelSoftmaxBackward(Tensor logits, Tensor soft, SoftmaxLayout layout, float temperature) : BackwardNode(logits)
    {
        private Tensor? soft = soft;

        public override string OpName => nameof(GumbelSoftmax);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var gradLogits = GradOf(logits);
            if (gradLogits.IsEmpty || soft == null)
            {
                return;
            }

            // The softmax backward is linear in dy, so folding 1 / tau into dy first is exact.
            var scaled = Tensor.Uninitialized(outputGrad.Shape);
            TensorPrimitives.Divide(outputGrad.Data, temperature, scaled.Data);
            Kernels.Softmax.Backward(layout, soft.Data, scaled.Data, gradLogits);
            scaled.ReleaseStorage();
        }

        protected override void ReleaseSaved() => soft = null;
    }
}
