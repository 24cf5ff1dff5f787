using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// The second-order DARTS architecture gradient (Liu et al., ICLR 2019, section 2.3, eqs. 6-8; PAPERS.md):
/// with the unrolled weights w' = w - xi * grad_w L_train(w, alpha),
/// grad_alpha L_val(w', alpha) - xi * H v, where v = grad_w' L_val(w', alpha) and the Hessian-vector product
/// H v = grad^2_{alpha,w} L_train(w, alpha) v is taken by central differences:
/// (grad_alpha L_train(w+, alpha) - grad_alpha L_train(w-, alpha)) / (2 eps), w+- = w +- eps v, eps = 0.01 / ||v||.
/// The unrolled step is the plain gradient step of the paper's equation; the DARTS code also folds the
/// momentum buffer and weight decay into it (a documented simplification here).
/// </summary>
public static class DartsHypergradient
{
    /// <summary>The numerator r of eps = r / ||v|| (DARTS: 0.01).</summary>
    public const float FiniteDifferenceRadius = 0.01f;

    /// <summary>
    /// Sets <c>alpha.Grad</c> to the second-order architecture gradient and returns L_val(w', alpha). The losses are
    /// built by the callbacks (each call runs a fresh forward pass); the weights are restored exactly afterwards and
    /// their gradients cleared. Runs 4 forward-backward passes (train, val, train at w+, train at w-).
    /// </summary>
    /// <param name="weights">The network weights w (leaves that require gradients).</param>
    /// <param name="alpha">The architecture parameters (a leaf that requires a gradient).</param>
    /// <param name="xi">Learning rate of the virtual step (DARTS: the current weight learning rate).</param>
    /// <param name="trainLoss">Builds L_train on the weight batch under the current weights and alpha.</param>
    /// <param name="validationLoss">Builds L_val on the architecture batch (it may include an architecture-only penalty).</param>
    public static float Apply(IReadOnlyList<Tensor> weights, Tensor alpha, float xi, Func<Tensor> trainLoss, Func<Tensor> validationLoss)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(alpha);
        ArgumentNullException.ThrowIfNull(trainLoss);
        ArgumentNullException.ThrowIfNull(validationLoss);
        var backup = weights.Select(w => w.ToArray()).ToArray();
        try
        {
            Unroll(weights, alpha, xi, trainLoss);
            var (loss, direct, v) = ValidationGradients(weights, alpha, validationLoss);
            var norm = Math.Sqrt(v.Sum(g => g == null ? 0.0 : g.Sum(x => (double)x * x)));
            var hessianVector = new float[alpha.Count];
            if (norm > 0)
            {
                var eps = (float)(FiniteDifferenceRadius / norm);
                var plus = AlphaGradientAt(weights, backup, v, eps, alpha, trainLoss);
                var minus = AlphaGradientAt(weights, backup, v, -eps, alpha, trainLoss);
                for (var i = 0; i < hessianVector.Length; i++)
                {
                    hessianVector[i] = (plus[i] - minus[i]) / (2 * eps);
                }
            }

            var grad = EnsureGradient(alpha).Data;
            for (var i = 0; i < grad.Length; i++)
            {
                grad[i] = direct[i] - (xi * hessianVector[i]);
            }

            return loss;
        }
        finally
        {
            Restore(weights, backup);
            foreach (var w in weights)
            {
                w.ClearGrad();
            }
        }
    }

    // w <- w - xi * grad_w L_train(w, alpha).
    private static void Unroll(IReadOnlyList<Tensor> weights, Tensor alpha, float xi, Func<Tensor> trainLoss)
    {
        Clear(weights, alpha);
        using (var scope = new TensorScope())
        using (new GradientFreeze([alpha]))
        {
            trainLoss().Backward();
        }

        foreach (var w in weights)
        {
            if (w.Grad is { } g)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g.Data, -xi, w.Data, w.Data);
            }
        }
    }

    // At w': L_val, its alpha gradient and v = its weight gradient (null where the loss does not reach a weight).
    private static (float Loss, float[] Direct, float[]?[] V) ValidationGradients(IReadOnlyList<Tensor> weights, Tensor alpha, Func<Tensor> validationLoss)
    {
        Clear(weights, alpha);
        float loss;
        using (var scope = new TensorScope())
        {
            var l = validationLoss();
            loss = l.Item();
            l.Backward();
        }

        var direct = alpha.Grad?.ToArray() ?? new float[alpha.Count];
        return (loss, direct, weights.Select(w => w.Grad?.ToArray()).ToArray());
    }

    // grad_alpha L_train(w + eps v, alpha), weights frozen so that only alpha's gradient is computed.
    private static float[] AlphaGradientAt(IReadOnlyList<Tensor> weights, float[][] backup, float[]?[] v, float eps, Tensor alpha, Func<Tensor> trainLoss)
    {
        for (var k = 0; k < weights.Count; k++)
        {
            var w = weights[k].Data;
            backup[k].CopyTo(w);
            if (v[k] is { } direction)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(direction, eps, w, w);
            }
        }

        alpha.ClearGrad();
        using (var scope = new TensorScope())
        using (new GradientFreeze(weights))
        {
            trainLoss().Backward();
        }

        return alpha.Grad?.ToArray() ?? new float[alpha.Count];
    }

    // Leaf gradients are created by a backward pass; one through alpha * 0 creates a zero gradient when none reached alpha.
    private static Tensor EnsureGradient(Tensor alpha)
    {
        if (alpha.Grad == null)
        {
            using var scope = new TensorScope();
            Ops.Sum(Ops.Scale(alpha, 0f)).Backward();
        }

        return alpha.Grad!;
    }

    private static void Restore(IReadOnlyList<Tensor> weights, float[][] backup)
    {
        for (var k = 0; k < weights.Count; k++)
        {
            backup[k].CopyTo(weights[k].Data);
        }
    }

    private static void Clear(IReadOnlyList<Tensor> weights, Tensor alpha)
    {
        alpha.ClearGrad();
        foreach (var w in weights)
        {
            w.ClearGrad();
        }
    }
}
