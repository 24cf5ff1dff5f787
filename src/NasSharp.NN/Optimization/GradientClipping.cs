using NasSharp.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NasSharp.NN.Optimization;

/// <summary>Gradient clipping (torch.nn.utils.clip_grad_norm_); DARTS clips the weight gradients at norm 5.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients by maxNorm / (norm + 1e-6) when their global L2 norm exceeds <paramref name="maxNorm"/>,
    /// and returns the norm measured before clipping. Parameters without a gradient are ignored.
    /// </summary>
    public static float ClipByGlobalNorm(IEnumerable<Tensor> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "ClipByGlobalNorm: the maximum norm must be positive.");
        }

        var norm = GlobalNorm(parameters);
        var coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1f)
        {
            foreach (var p in parameters)
            {
                if (p.Grad is { } g)
                {
                    NasSharp.Kernels.Elementwise.Scale(g.Data, coefficient, g.Data);
                }
            }
        }

        return norm;
    }

    /// <summary>
    /// The global L2 norm of the gradients of <paramref name="parameters"/> (those without one are ignored); NaN or
    /// infinity when a gradient holds one, which is what <see cref="DivergenceGuard.CheckGradientNorm"/> looks for.
    /// </summary>
    public static float GlobalNorm(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tensors = parameters as IReadOnlyList<Tensor> ?? parameters.ToArray();
        var sums = new float[tensors.Count];

        // One tensor per block: each tensor's sum of squares is the same call whichever thread runs it, and the sums are
        // added in parameter order, so the norm is bitwise what the serial loop gave, for any thread count; a language
        // model's two 2M-weight gradients (embedding and decoder) take one core each instead of one after the other.
        NasSharp.Kernels.KernelParallel.For(tensors.Count, (Tensors: tensors, Sums: sums), static (s, i) =>
        {
            if (s.Tensors[i].Grad is { } g)
            {
                s.Sums[i] = TensorPrimitives.SumOfSquares(g.Data);
            }
        });
        var sumSquares = 0.0;
        foreach (var sum in sums)
        {
            sumSquares += sum;
        }

        return (float)Math.Sqrt(sumSquares);
    }
}
