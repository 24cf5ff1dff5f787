using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// <see cref="NasSharp.Tasks.Forecasting.SeriesForecaster"/> with any <see cref="RecurrentCell"/> "rnn" in place of the LSTM/GRU:
/// the cell reads the window [B, window, m] step by step and a linear "linear" layer maps the last hidden state (after
/// dropout "drop") to the m variables of the target row [B, m] (RECURRENT.md 6, Part F: a linear head h_T -> m).
/// </summary>
public sealed class CellForecaster : Module
{
    private readonly RecurrentCell rnn;
    private readonly Dropout dropout;
    private readonly Linear output;

    public CellForecaster(RecurrentCell cell, Random random, float dropout = 0f)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(random);
        rnn = RegisterModule("rnn", cell);
        this.dropout = RegisterModule("drop", new Dropout(dropout, new Random(random.Next())));
        output = RegisterModule("linear", new Linear(cell.HiddenSize, cell.InputSize, random));
    }

    /// <summary>Variables per row (the cell's input size).</summary>
    public int Variables => rnn.InputSize;

    public RecurrentCell Cell => rnn;

    /// <summary>Windows [B, window, m] to forecasts [B, m].</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != Variables)
        {
            throw new ArgumentException($"CellForecaster: input {input.Shape} should be [B, window, {Variables}].", nameof(input));
        }

        var (_, last) = rnn.Run(Ops.Permute(input, 1, 0, 2), null);
        return output.Forward(dropout.Forward(last));
    }
}
