using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// One GRU step (Cho et al. 2014) with PyTorch's gate order r, z, n and equations:
/// r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z = sigmoid(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h (computed as n + z * (h - n)).
/// Parameters "weight_ih" [3H, In], "weight_hh" [3H, H], "bias_ih" and "bias_hh" [3H], uniform in [-1/sqrt(H), 1/sqrt(H)).
/// </summary>
public sealed class GruCell : Module
{
    private readonly RecurrentWeights weights;

    public GruCell(int inputSize, int hiddenSize, Random random, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputSize <= 0 || hiddenSize <= 0)
        {
            throw new ArgumentException($"GruCell: sizes must be positive, got input {inputSize}, hidden {hiddenSize}.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        weights = RecurrentWeights.Create(RegisterParameter, 3, inputSize, hiddenSize, bias, string.Empty, random);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>One step from a zero hidden state; returns h' [B, H].</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>One step: input [B, In], hidden [B, H] or null for zeros; returns h' [B, H].</summary>
    public Tensor Forward(Tensor input, Tensor? hidden)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != InputSize)
        {
            throw new ArgumentException($"GruCell: input {input.Shape} should be [B, {InputSize}].", nameof(input));
        }

        hidden ??= Tensor.Zeros(input.Shape[0], HiddenSize);
        Recurrent.CheckState("GruCell", hidden, input.Shape[0], HiddenSize);
        return Step(weights.ProjectInput(input), hidden, weights);
    }

    /// <summary>The step given the input projection x W_ih^T + b_ih [B, 3H] (shared with <see cref="Gru"/>).</summary>
    internal static Tensor Step(Tensor inputProjection, Tensor hidden, RecurrentWeights weights)
    {
        var fromInput = Ops.Split(inputProjection, 1, 3);
        var fromHidden = Ops.Split(weights.ProjectHidden(hidden), 1, 3);
        var r = Ops.Sigmoid(Ops.Add(fromInput[0], fromHidden[0]));
        var z = Ops.Sigmoid(Ops.Add(fromInput[1], fromHidden[1]));
        var n = Ops.Tanh(Ops.Add(fromInput[2], Ops.Multiply(r, fromHidden[2])));
        return Ops.Add(n, Ops.Multiply(z, Ops.Subtract(hidden, n)));
    }

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}{(weights.InputBias == null ? ", bias=False" : string.Empty)}";
}
