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

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        ReadOnlySpan<float> direction = gradient;
        if (WeightDecay != 0)
        {
            var decayed = Scratch(parameter.Length);
            TensorPrimitives.MultiplyAdd(parameter, WeightDecay, gradient, decayed);
            direction = decayed;
        }

        if (Momentum != 0)
        {
            var first = !HasSlot(MomentumSlot, index);
            var buffer = Slot(MomentumSlot, index).Data;
            if (first)
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
                var look = Scratch(parameter.Length);
                TensorPrimitives.MultiplyAdd(buffer, Momentum, direction, look);
                direction = look;
            }
            else
            {
                direction = buffer;
            }
        }

        // p + (-lr) d, the same MultiplyAdd per element, split over the kernel threads (a 2M-weight embedding is 8 MB).
        NasSharp.Kernels.Elementwise.AddScaledInPlace(parameter, direction, -LearningRate);
    }
}
