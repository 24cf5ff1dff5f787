using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NasSharp.Tensors;

namespace NasSharp.NN.Optimization;

/// <summary>
/// Stochastic gradient descent with PyTorch's formulas (torch.optim.SGD): with d = g + weightDecay * p,
/// the momentum buffer is b = d on the first step and b = momentum * b + (1 - dampening) * d afterwards;
/// the step direction is d + momentum * b with Nesterov, b otherwise; p = p - lr * direction.
/// (Nesterov in this form is Sutskever et al. 2013 as PyTorch implements it.)
/// </summary>
public sealed class Sgd : Optimizer
{
    private const int MomentumSlot = 0;

    // Per parameter: whether the current step is its first (its momentum buffer was made by this step's PrepareUpdate).
    private bool[] firstStep = [];

    public Sgd(IEnumerable<Tensor> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false, float dampening = 0f)
        : base(parameters, learningRate, "momentum_buffer")
    {
        if (momentum < 0 || weightDecay < 0 || dampening < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"Sgd: momentum {momentum}, weight decay {weightDecay} and dampening {dampening} must be non-negative.");
        }

        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException($"Sgd: Nesterov momentum needs momentum > 0 and dampening 0 (got momentum {momentum}, dampening {dampening}).", nameof(nesterov));
        }

        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        Dampening = dampening;
    }

    public float Momentum { get; }

    public float WeightDecay { get; }

    public bool Nesterov { get; }

    public float Dampening { get; }

    /// <summary>SGD reads only an element's own parameter, gradient and momentum: the step runs in runs on every kernel thread.</summary>
    protected override bool UpdatesElementwise => true;

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        PrepareUpdate(index);
        UpdateRun(index, 0, parameter, gradient, Scratch(2 * parameter.Length));
    }

    /// <summary>Notes whether this is the parameter's first step (its momentum buffer is new) and makes the buffer.</summary>
    protected override void PrepareUpdate(int index)
    {
        if (Momentum != 0)
        {
            if (firstStep.Length <= index)
            {
                Array.Resize(ref firstStep, Parameters.Count);
            }

            firstStep[index] = !HasSlot(MomentumSlot, index);
            Slot(MomentumSlot, index);
        }
    }

    protected override void UpdateRun(int index, int start, Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> scratch)
    {
        // The same elementwise operations as one pass over the whole parameter would make, in the same order.
        var length = parameter.Length;
        ReadOnlySpan<float> direction = gradient;
        if (WeightDecay != 0)
        {
            var decayed = scratch[..length];
            TensorPrimitives.MultiplyAdd(parameter, WeightDecay, gradient, decayed);
            direction = decayed;
        }

        if (Momentum != 0)
        {
            var buffer = Slot(MomentumSlot, index).Data.Slice(start, length);
            if (firstStep[index])
            {
                direction.CopyTo(buffer);
            }
            else
            {
                TensorPrimitives.Multiply(buffer, Momentum, buffer);
                TensorPrimitives.MultiplyAdd(direction, 1f - Dampening, buffer, buffer);
            }

            if (Nesterov)
            {
                var look = scratch.Slice(length, length);
                TensorPrimitives.MultiplyAdd(buffer, Momentum, direction, look);
                direction = look;
            }
            else
            {
                direction = buffer;
            }
        }

        // p + (-lr) d.
        TensorPrimitives.MultiplyAdd(direction, -LearningRate, parameter, parameter);
    }
}
