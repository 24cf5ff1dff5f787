using System.Numerics.Tensors;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout (Srivastava et al. 2014, with the scaling moved to training time): each element is
    /// zeroed with probability <paramref name="probability"/> and kept ones are scaled by 1 / (1 - p), so
    /// evaluation needs no rescaling. The mask is drawn from <paramref name="random"/>, one draw per element
    /// in row-major order, so a seeded generator reproduces it. d/dx = mask. When not training, or when
    /// p = 0, returns <paramref name="x"/> itself (no copy, no draw, no graph node).
    /// </summary>
    public static Tensor Dropout(Tensor x, float probability, Random random, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(probability >= 0f && probability < 1f))
        {
            throw new ArgumentException($"Dropout: probability {probability} is outside [0, 1) (input {x.Shape}).");
        }

        if (!training || probability == 0f)
        {
            return x;
        }

        var mask = Tensor.Uninitialized(x.Shape);
        var keptScale = 1f / (1f - probability);
        var m = mask.Data;
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = random.NextDouble() >= probability ? keptScale : 0f;
        }

        var output = Tensor.Uninitialized(x.Shape);
        TensorPrimitives.Multiply(x.Data, m, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new DropoutBackward(x, mask)) : output;
    }

    private sealed class DropoutBackward(Tensor x, Tensor mask) : BackwardNode(x)
    {
        private Tensor? mask = mask;

        public override string OpName => nameof(Dropout);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var gradX = GradOf(x);
            if (!gradX.IsEmpty && mask != null)
            {
                TensorPrimitives.MultiplyAdd(outputGrad.Data, mask.Data, gradX, gradX);
            }
        }

        protected override void ReleaseSaved() => mask = null;
    }
}
