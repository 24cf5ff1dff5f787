using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NasSharp.Tensors;

namespace NasSharp.NN.Optimization;

/// <summary>
/// Adam (Kingma &amp; Ba, ICLR 2015) with PyTorch's formulas (torch.optim.Adam, amsgrad off): with
/// d = g + weightDecay * p (L2 penalty folded into the gradient), m = b1 m + (1 - b1) d,
/// v = b2 v + (1 - b2) d^2, and step t counted per parameter,
/// p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// <see cref="AdamW"/> decouples the weight decay instead.
/// </summary>
public class Adam : Optimizer
{
    private const int MeanSlot = 0;
    private const int SquareSlot = 1;
    private const int StepSlot = 2;
    private readonly bool decoupled;

    public Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<Tensor> parameters, float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled)
        : base(parameters, learningRate, "exp_avg", "exp_avg_sq", "step")
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1 || epsilon < 0 || weightDecay < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"{GetType().Name}: betas ({beta1}, {beta2}) must lie in [0, 1), epsilon {epsilon} and weight decay {weightDecay} must be non-negative.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public float WeightDecay { get; }

    protected override TensorShape SlotShape(int slot, int index) => slot == StepSlot ? new TensorShape() : base.SlotShape(slot, index);

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        var n = parameter.Length;
        ReadOnlySpan<float> d = gradient;
        if (WeightDecay != 0 && decoupled)
        {
            // AdamW: p = p (1 - lr * lambda) before the Adam step (Loshchilov & Hutter, ICLR 2019, Algorithm 2).
            TensorPrimitives.Multiply(parameter, 1f - (LearningRate * WeightDecay), parameter);
        }
        else if (WeightDecay != 0)
        {
            var decayed = Scratch(n);
            TensorPrimitives.MultiplyAdd(parameter, WeightDecay, gradient, decayed);
            d = decayed;
        }

        var stepCell = Slot(StepSlot, index).Data;
        var t = stepCell[0] + 1;
        stepCell[0] = t;
        var m = Slot(MeanSlot, index).Data;
        var v = Slot(SquareSlot, index).Data;
        var temp = Scratch(n, 1);
        TensorPrimitives.Multiply(m, Beta1, m);
        TensorPrimitives.MultiplyAdd(d, 1f - Beta1, m, m);
        TensorPrimitives.Multiply(v, Beta2, v);
        TensorPrimitives.Multiply(d, 1f - Beta2, temp);
        TensorPrimitives.MultiplyAdd(temp, d, v, v);

        // Bias corrections in double, as PyTorch computes them on the host.
        var correction1 = 1.0 - Math.Pow(Beta1, t);
        var correction2 = Math.Sqrt(1.0 - Math.Pow(Beta2, t));
        TensorPrimitives.Sqrt(v, temp);
        TensorPrimitives.Multiply(temp, (float)(1.0 / correction2), temp);
        TensorPrimitives.Add(temp, Epsilon, temp);
        TensorPrimitives.Divide(m, temp, temp);
        TensorPrimitives.MultiplyAdd(temp, (float)(-LearningRate / correction1), parameter, parameter);
    }
}
