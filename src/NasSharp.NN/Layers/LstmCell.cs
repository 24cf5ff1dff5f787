using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// One LSTM step (Hochreiter &amp; Schmidhuber 1997) with PyTorch's gate order i, f, g, o and equations:
/// i = sigmoid(W_ii x + b_ii + W_hi h + b_hi), f = sigmoid(W_if x + b_if + W_hf h + b_hf),
/// g = tanh(W_ig x + b_ig + W_hg h + b_hg), o = sigmoid(W_io x + b_io + W_ho h + b_ho),
/// c' = f * c + i * g, h' = o * tanh(c'). Parameters "weight_ih" [4H, In], "weight_hh" [4H, H],
/// "bias_ih" and "bias_hh" [4H], all uniform in [-1/sqrt(H), 1/sqrt(H)).
/// </summary>
public sealed class LstmCell : Module
{
    private readonly RecurrentWeights weights;

    public LstmCell(int inputSize, int hiddenSize, Random random, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inputSize <= 0 || hiddenSize <= 0)
        {
            throw new ArgumentException($"LstmCell: sizes must be positive, got input {inputSize}, hidden {hiddenSize}.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
        weights = RecurrentWeights.Create(RegisterParameter, 4, inputSize, hiddenSize, bias, string.Empty, random);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>One step from zero state; returns h' [B, H].</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null).Hidden;

    /// <summary>One step: input [B, In], state (h, c) each [B, H] or null for zeros; returns (h', c').</summary>
    public LstmState Forward(Tensor input, LstmState? state)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != InputSize)
        {
            throw new ArgumentException($"LstmCell: input {input.Shape} should be [B, {InputSize}].", nameof(input));
        }

        var batch = input.Shape[0];
        state ??= new LstmState(Tensor.Zeros(batch, HiddenSize), Tensor.Zeros(batch, HiddenSize));
        Recurrent.CheckState("LstmCell", state.Hidden, batch, HiddenSize);
        Recurrent.CheckState("LstmCell", state.Cell, batch, HiddenSize);
        return Step(weights.ProjectInput(input), state, weights);
    }

    /// <summary>The step given the input projection x W_ih^T + b_ih [B, 4H] (shared with <see cref="Lstm"/>).</summary>
    internal static LstmState Step(Tensor inputProjection, LstmState state, RecurrentWeights weights)
    {
        var gates = Ops.Split(Ops.Add(inputProjection, weights.ProjectHidden(state.Hidden)), 1, 4);
        var i = Ops.Sigmoid(gates[0]);
        var f = Ops.Sigmoid(gates[1]);
        var g = Ops.Tanh(gates[2]);
        var o = Ops.Sigmoid(gates[3]);
        var cell = Ops.Add(Ops.Multiply(f, state.Cell), Ops.Multiply(i, g));
        return new LstmState(Ops.Multiply(o, Ops.Tanh(cell)), cell);
    }

    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}{(weights.InputBias == null ? ", bias=False" : string.Empty)}";
}
