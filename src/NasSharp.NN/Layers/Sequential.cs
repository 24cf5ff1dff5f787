using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>Applies its modules in order; they are registered as children "0", "1", ... (PyTorch's naming).</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> layers = [];

    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules)
        {
            Add(module);
        }
    }

    /// <summary>The modules in order.</summary>
    public IReadOnlyList<Module> Layers => layers;

    /// <summary>Number of modules.</summary>
    public int Count => layers.Count;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module this[int index] => layers[index];

    /// <summary>Appends a module (named by its position) and returns this container.</summary>
    public Sequential Add(Module module)
    {
        RegisterModule(layers.Count.ToString(CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < layers.Count; i++)
        {
            // A batch norm followed by a ReLU runs as one op (bitwise the two in turn; one tensor and one pass fewer).
            Tensor next;
            if (layers[i] is BatchNorm2d norm && i + 1 < layers.Count && layers[i + 1] is Relu)
            {
                next = norm.ForwardRelu(x);
                i++;
            }
            else
            {
                next = layers[i].Forward(x);
            }

            // An intermediate output only this container holds goes back to the pool once the next layer has consumed
            // it, when no recorded backward pass reads it (a batch norm output followed by a ReLU): PyTorch frees it the
            // same way when its last reference goes.
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, next))
            {
                x.TryReleaseEarly();
            }

            x = next;
        }

        return x;
    }
}
