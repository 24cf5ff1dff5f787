using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.Tasks;

/// <summary>
/// Builds and runs a multi-layer LSTM or GRU behind one interface, so models hold the layer itself (and
/// keep PyTorch's parameter names, "rnn.weight_ih_l0", ...) without branching on the kind everywhere.
/// </summary>
public static class RecurrentLayers
{
    /// <summary>
    /// A stack of <paramref name="layers"/> layers of <paramref name="kind"/> with dropout between layers, its masks drawn
    /// from <paramref name="dropoutRandom"/> (null: a stream of the stack's own).
    /// </summary>
    public static Module Create(RecurrentKind kind, int inputSize, int hiddenSize, int layers, float dropout, Random random, Random? dropoutRandom = null) => kind switch
    {
        RecurrentKind.Lstm => new Lstm(inputSize, hiddenSize, random, layers, dropout, dropoutRandom: dropoutRandom),
        RecurrentKind.Gru => new Gru(inputSize, hiddenSize, random, layers, dropout, dropoutRandom: dropoutRandom),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "RecurrentLayers: unknown kind."),
    };

    /// <summary>Runs <paramref name="rnn"/> over a sequence [T, B, In] from <paramref name="state"/> (null: zeros); returns the last layer's outputs [T, B, H] and the final state.</summary>
    public static (Tensor Output, RecurrentState State) Run(Module rnn, Tensor input, RecurrentState? state)
    {
        switch (rnn)
        {
            case Lstm lstm:
                var l = lstm.Forward(input, state == null ? null : new LstmState(state.Hidden, state.Cell ?? throw new ArgumentException("RecurrentLayers: an LSTM state needs a cell tensor.", nameof(state))));
                return (l.Output, new RecurrentState(l.State.Hidden, l.State.Cell));
            case Gru gru:
                var g = gru.Forward(input, state?.Hidden);
                return (g.Output, new RecurrentState(g.Hidden, null));
            default:
                throw new ArgumentException($"RecurrentLayers: {rnn?.GetType().Name ?? "null"} is not an LSTM or GRU.", nameof(rnn));
        }
    }
}
