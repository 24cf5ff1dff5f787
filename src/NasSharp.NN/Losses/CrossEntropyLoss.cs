using NasSharp.Tensors;

namespace NasSharp.NN.Losses;

/// <summary>
/// Mean cross-entropy of logits [N, C] against class indices, with optional label smoothing
/// (target (1 - s) onehot + s / C; Szegedy et al. 2016, PyTorch's convention). Wraps <see cref="Ops.CrossEntropy"/>.
/// </summary>
public sealed class CrossEntropyLoss
{
    public CrossEntropyLoss(float labelSmoothing = 0f)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "CrossEntropyLoss: label smoothing must lie in [0, 1].");
        }

        LabelSmoothing = labelSmoothing;
    }

    public float LabelSmoothing { get; }

    /// <summary>The scalar mean loss.</summary>
    public Tensor Forward(Tensor logits, int[] targets) => Ops.CrossEntropy(logits, targets, LabelSmoothing);
}
