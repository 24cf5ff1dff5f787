using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>Shape checks and sequence plumbing shared by the LSTM and GRU layers.</summary>
internal static class Recurrent
{
    public static void CheckState(string op, Tensor state, int batch, int hidden)
    {
        if (state.Rank != 2 || state.Shape[0] != batch || state.Shape[1] != hidden)
        {
            throw new ArgumentException($"{op}: state {state.Shape} should be [{batch}, {hidden}].", nameof(state));
        }
    }

    public static void CheckSequence(string op, Tensor input, int inputSize)
    {
        if (input.Rank != 3 || input.Shape[2] != inputSize)
        {
            throw new ArgumentException($"{op}: input {input.Shape} should be [T, B, {inputSize}].", nameof(input));
        }
    }

    public static void CheckLayerState(string op, Tensor state, int layers, int batch, int hidden)
    {
        if (state.Rank != 3 || state.Shape[0] != layers || state.Shape[1] != batch || state.Shape[2] != hidden)
        {
            throw new ArgumentException($"{op}: state {state.Shape} should be [{layers}, {batch}, {hidden}].", nameof(state));
        }
    }

    /// <summary>Row <paramref name="index"/> of axis 0 without that axis: [T, ...] -> [...].</summary>
    public static Tensor At(Tensor x, int index)
    {
        var dims = x.Shape.ToArray()[1..];
        return Ops.Reshape(Ops.Slice(x, 0, index, 1), dims);
    }

    /// <summary>Stacks equally shaped tensors along a new leading axis: T x [...] -> [T, ...].</summary>
    public static Tensor Stack(List<Tensor> items)
    {
        var expanded = new Tensor[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            expanded[i] = Ops.Reshape(items[i], [1, .. items[i].Shape.ToArray()]);
        }

        return expanded.Length == 1 ? expanded[0] : Ops.Concat(expanded, 0);
    }
}
