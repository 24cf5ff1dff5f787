using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// The four tensors of one recurrent layer, gates stacked along the first axis (PyTorch's layout):
/// input weights [G H, In], hidden weights [G H, H], biases [G H] (G = 4 for LSTM, 3 for GRU).
/// </summary>
internal sealed record RecurrentWeights(Tensor InputWeight, Tensor HiddenWeight, Tensor? InputBias, Tensor? HiddenBias)
{
    /// <summary>Creates and registers the tensors under PyTorch's names with a suffix ("" for cells, "_l0" for layer 0).</summary>
    public static RecurrentWeights Create(Func<string, Tensor, Tensor> register, int gates, int inputSize, int hiddenSize, bool bias, string suffix, Random random)
    {
        // PyTorch initialises every recurrent weight and bias uniformly in [-1/sqrt(H), 1/sqrt(H)).
        var bound = Initialization.DefaultBound(hiddenSize);
        var wih = register("weight_ih" + suffix, Parameter.Uniform(random, bound, gates * hiddenSize, inputSize));
        var whh = register("weight_hh" + suffix, Parameter.Uniform(random, bound, gates * hiddenSize, hiddenSize));
        var bih = bias ? register("bias_ih" + suffix, Parameter.Uniform(random, bound, gates * hiddenSize)) : null;
        var bhh = bias ? register("bias_hh" + suffix, Parameter.Uniform(random, bound, gates * hiddenSize)) : null;
        return new RecurrentWeights(wih, whh, bih, bhh);
    }

    /// <summary>x W_ih^T + b_ih for any leading axes: [..., In] -> [..., G H]. Computed once for a whole sequence.</summary>
    public Tensor ProjectInput(Tensor input) => Ops.Linear(input, InputWeight, InputBias);

    /// <summary>h W_hh^T + b_hh: [B, H] -> [B, G H].</summary>
    public Tensor ProjectHidden(Tensor hidden) => Ops.Linear(hidden, HiddenWeight, HiddenBias);
}
