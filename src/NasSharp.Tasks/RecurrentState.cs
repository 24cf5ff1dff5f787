using NasSharp.Tensors;

namespace NasSharp.Tasks;

/// <summary>
/// The state a recurrent stack carries between calls: hidden [layers, B, H] and, for an LSTM, the cell
/// [layers, B, H] (null for a GRU).
/// </summary>
public sealed record RecurrentState(Tensor Hidden, Tensor? Cell)
{
    /// <summary>
    /// A copy in persistent storage, cut from the graph: what truncated back-propagation through time carries
    /// to the next window (PyTorch's repackage_hidden), and it outlives the current <see cref="TensorScope"/>.
    /// </summary>
    public RecurrentState Persist() => new(Copy(Hidden), Cell == null ? null : Copy(Cell));

    private static Tensor Copy(Tensor source)
    {
        var copy = Tensor.Persistent(source.Shape);
        copy.CopyFrom(source);
        return copy;
    }
}
