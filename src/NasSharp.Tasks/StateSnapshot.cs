using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Tasks;

/// <summary>A copy of a module's parameters and buffers, to keep the best epoch's weights while training goes on (the examples' torch.save of the best model).</summary>
public sealed class StateSnapshot
{
    private readonly Dictionary<string, Tensor> state;

    private StateSnapshot(Dictionary<string, Tensor> state) => this.state = state;

    public static StateSnapshot Take(Module model) => new(model.StateDict().ToDictionary(kv => kv.Key, kv => Copy(kv.Value), StringComparer.Ordinal));

    /// <summary>A snapshot of saved tensors (a checkpoint's copy), copied.</summary>
    public static StateSnapshot From(IReadOnlyDictionary<string, Tensor> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new(saved.ToDictionary(kv => kv.Key, kv => Copy(kv.Value), StringComparer.Ordinal));
    }

    /// <summary>The kept tensors by state-dict name.</summary>
    public IReadOnlyDictionary<string, Tensor> State => state;

    public void Restore(Module model) => model.LoadStateDict(state);

    private static Tensor Copy(Tensor source)
    {
        var copy = Tensor.Persistent(source.Shape);
        copy.CopyFrom(source);
        return copy;
    }
}
