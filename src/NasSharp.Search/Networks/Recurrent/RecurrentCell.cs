using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// A single-layer recurrent cell run over a whole sequence: inputs [T, B, In] and a hidden state [B, H] (null: zeros)
/// to the hidden states [T, B, H] and the last one [B, H]. The searched and derived cells of the recurrent spaces
/// derive from it, so a language model or forecaster holds any of them where it would hold an LSTM.
/// </summary>
public abstract class RecurrentCell : Module
{
    protected RecurrentCell(int inputSize, int hiddenSize)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
        {
            throw new ArgumentException($"{GetType().Name}: input size {inputSize} and hidden size {hiddenSize} must be positive.");
        }

        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Runs the sequence; returns every step's hidden state [T, B, H] and the last one [B, H].</summary>
    public (Tensor Outputs, Tensor Last) Run(Tensor inputs, Tensor? hidden)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rank != 3 || inputs.Shape[2] != InputSize)
        {
            throw new ArgumentException($"{GetType().Name}: input {inputs.Shape} should be [T, B, {InputSize}].", nameof(inputs));
        }

        var (steps, batch) = (inputs.Shape[0], inputs.Shape[1]);
        if (hidden != null && (hidden.Rank != 2 || hidden.Shape[0] != batch || hidden.Shape[1] != HiddenSize))
        {
            throw new ArgumentException($"{GetType().Name}: hidden state {hidden.Shape} should be [{batch}, {HiddenSize}].", nameof(hidden));
        }

        var h = hidden ?? Tensor.Zeros(batch, HiddenSize);
        BeginSequence(batch);
        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            h = Step(Ops.Reshape(Ops.Slice(inputs, 0, t, 1), batch, InputSize), h);
            outputs[t] = Ops.Reshape(h, 1, batch, HiddenSize);
        }

        return (steps == 1 ? outputs[0] : Ops.Concat(outputs, 0), h);
    }

    /// <summary>The hidden states [T, B, H] from a zero state.</summary>
    public override Tensor Forward(Tensor input) => Run(input, null).Outputs;

    /// <summary>Called once per sequence before its first step: sample the per-minibatch dropout masks (and, in search cells, start the policy's pass).</summary>
    protected abstract void BeginSequence(int batch);

    /// <summary>One time step: x_t [B, In] and h_{t-1} [B, H] to h_t [B, H].</summary>
    protected abstract Tensor Step(Tensor input, Tensor hidden);
}
