using NasSharp.Tensors;

namespace NasSharp.NN.Optimization;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization",
/// ICLR 2019), as torch.optim.AdamW: p = p (1 - lr * weightDecay), then the <see cref="Adam"/> step on the
/// raw gradient. The default weight decay is PyTorch's 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true)
    {
    }
}
