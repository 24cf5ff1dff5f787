using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// Holds modules registered as children "0", "1", ... without running them in sequence (PyTorch's
/// ModuleList): the owner decides how they connect, e.g. the edges of a cell.
/// </summary>
public sealed class ModuleList<T> : Module
    where T : Module
{
    private readonly List<T> items = [];

    /// <summary>Number of modules.</summary>
    public int Count => items.Count;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public T this[int index] => items[index];

    /// <summary>The modules in order.</summary>
    public IReadOnlyList<T> Items => items;

    /// <summary>Appends a module (named by its position) and returns it.</summary>
    public T Add(T module)
    {
        RegisterModule(items.Count.ToString(CultureInfo.InvariantCulture), module);
        items.Add(module);
        return module;
    }

    /// <summary>A list is not a layer: its owner runs the items.</summary>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException($"ModuleList<{typeof(T).Name}> has no forward of its own; its owner runs the {Count} modules.");
}
