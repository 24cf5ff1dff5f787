using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// The recurrent forecasting baseline: an LSTM or GRU "rnn" reads the input window [B, window, m] step by step,
/// and a linear "linear" layer maps the last step's hidden state (after dropout "drop") to the m variables of the
/// target row [B, m], in the scaled units the model is trained in. This is LSTNet's recurrent component alone
/// (Lai et al., SIGIR 2018, section 3.3, without the convolution, skip-recurrence and autoregressive highway),
/// with a linear output rather than the reference code's default sigmoid, so that no scaling of the data
/// bounds the forecasts.
/// </summary>
public sealed class SeriesForecaster : Module
{
    private readonly Module rnn;
    private readonly Dropout dropout;
    private readonly Linear output;

    public SeriesForecaster(int variables, RecurrentKind kind, Random random, int hiddenSize = 200, int layers = 1, float dropout = 0.2f)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (variables <= 0 || hiddenSize <= 0 || layers <= 0)
        {
            throw new ArgumentException($"SeriesForecaster: variables ({variables}), hidden size ({hiddenSize}) and layers ({layers}) must be positive.");
        }

        Kind = kind;
        Variables = variables;
        rnn = RegisterModule("rnn", RecurrentLayers.Create(kind, variables, hiddenSize, layers, dropout, random));
        this.dropout = RegisterModule("drop", new Dropout(dropout, new Random(random.Next())));
        output = RegisterModule("linear", new Linear(hiddenSize, variables, random));
    }

    public RecurrentKind Kind { get; }

    public int Variables { get; }

    /// <summary>Windows [B, window, m] to forecasts [B, m].</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != Variables)
        {
            throw new ArgumentException($"SeriesForecaster: input {input.Shape} should be [B, window, {Variables}].", nameof(input));
        }

        var (steps, batch) = (input.Shape[1], input.Shape[0]);
        var (sequence, _) = RecurrentLayers.Run(rnn, Ops.Permute(input, 1, 0, 2), null);
        var last = Ops.Reshape(Ops.Slice(sequence, 0, steps - 1, 1), batch, sequence.Shape[2]);
        return output.Forward(dropout.Forward(last));
    }

    protected override string ExtraRepr() => $"{Kind}, variables={Variables}";
}
