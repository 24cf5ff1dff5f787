using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.Onnx.Proto;

/// <summary>
/// A computation graph being built (ONNX's GraphProto): one float input, one float output, nodes in topological
/// order (each added after the nodes whose outputs it reads) and initializers for the weights. Value names are made
/// unique here; weights keep their state-dict names ("cells.3.layers.2.op.1.weight").
/// </summary>
public sealed class OnnxGraph
{
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxInitializer> initializers = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> constants = new(StringComparer.Ordinal);

    /// <summary>A graph named <paramref name="name"/> reading <paramref name="inputName"/> of <paramref name="inputShape"/> (null: the dynamic batch axis).</summary>
    public OnnxGraph(string name, string inputName, IReadOnlyList<long?> inputShape)
    {
        Name = name;
        InputName = inputName;
        InputShape = inputShape;
        names.Add(inputName);
    }

    public string Name { get; }

    public string InputName { get; }

    public IReadOnlyList<long?> InputShape { get; }

    /// <summary>The graph output's value name; set by <see cref="SetOutput"/>.</summary>
    public string OutputName { get; private set; } = string.Empty;

    public IReadOnlyList<long?> OutputShape { get; private set; } = [];

    public IReadOnlyList<OnnxNode> Nodes => nodes;

    public IReadOnlyList<OnnxInitializer> Initializers => initializers;

    /// <summary>Appends a node with one output and returns the output's name.</summary>
    public string Add(string opType, IReadOnlyList<string> inputs, params OnnxAttributeProto[] attributes) =>
        AddMany(opType, inputs, 1, attributes)[0];

    /// <summary>Appends a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] AddMany(string opType, IReadOnlyList<string> inputs, int outputs, params OnnxAttributeProto[] attributes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var name = Unique(opType);
        var results = Enumerable.Range(0, outputs).Select(i => outputs == 1 ? name : Unique(name + "_" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        nodes.Add(new OnnxNode(opType, [.. inputs], results, name, attributes));
        return results;
    }

    /// <summary>Adds a copy of <paramref name="tensor"/> as the initializer <paramref name="name"/> and returns its value name.</summary>
    public string Weight(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var unique = Unique(name);
        initializers.Add(new OnnxInitializer(unique, [.. tensor.Shape.ToArray().Select(d => (long)d)], tensor.ToArray(), null));
        return unique;
    }

    /// <summary>Adds a copy of <paramref name="tensor"/> seen with shape <paramref name="dims"/> (same element count), e.g. [C] as [1, C, 1, 1].</summary>
    public string Weight(string name, Tensor tensor, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (dims.Aggregate(1L, (a, b) => a * b) != tensor.Count)
        {
            throw new ArgumentException($"OnnxGraph: '{name}' has {tensor.Count} elements, not the {string.Join('x', dims)} asked for.", nameof(dims));
        }

        var unique = Unique(name);
        initializers.Add(new OnnxInitializer(unique, dims, tensor.ToArray(), null));
        return unique;
    }

    /// <summary>A float constant of the given shape (shared when the same values and shape were asked for before).</summary>
    public string Floats(string hint, float[] values, params long[] dims) =>
        Constant(hint, dims, values, null, "f:" + string.Join(',', dims) + ":" + string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

    /// <summary>A 1-D int64 constant (shapes, pads, slice bounds), shared when asked for again.</summary>
    public string Int64s(string hint, params long[] values) =>
        Constant(hint, [values.Length], null, values, "i:" + string.Join(',', values));

    /// <summary>Makes <paramref name="value"/> the graph output, renamed <paramref name="name"/> through an Identity node.</summary>
    public void SetOutput(string value, string name, IReadOnlyList<long?> shape)
    {
        if (!names.Add(name))
        {
            throw new InvalidOperationException($"OnnxGraph: the output name '{name}' is already used.");
        }

        nodes.Add(new OnnxNode("Identity", [value], [name], name + "_identity", []));
        OutputName = name;
        OutputShape = shape;
    }

    private string Constant(string hint, long[] dims, float[]? floats, long[]? integers, string key)
    {
        if (constants.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var name = Unique("const_" + hint);
        initializers.Add(new OnnxInitializer(name, dims, floats, integers));
        constants.Add(key, name);
        return name;
    }

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; !names.Add(candidate); i++)
        {
            candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
