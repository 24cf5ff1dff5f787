using NasSharp.Tensors;

namespace NasSharp.NN;

/// <summary>
/// A network component holding state: parameters (trainable tensors), buffers (persistent tensors without
/// gradient, such as batch-norm running statistics) and child modules. Everything is registered explicitly,
/// in order, by the constructor (no reflection walk), so names are stable: a parameter's dotted name is the
/// path of child names, e.g. "cells.3.edges.2.conv.weight". Modules hold state; the math is in
/// <see cref="Ops"/>. State dicts are in Module.StateDict.cs, the structure print in Module.Print.cs.
/// </summary>
public abstract partial class Module
{
    private readonly List<NamedTensor> parameters = [];
    private readonly List<NamedTensor> buffers = [];
    private readonly List<(string Name, Module Module)> children = [];

    /// <summary>True in training mode (the default); false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Runs the module on one input. Modules with state (LSTM, GRU) add overloads that take and return it.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Registers a trainable tensor under <paramref name="name"/> (marks it as requiring a gradient) and returns it.</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        if (!tensor.IsLeaf)
        {
            throw new ArgumentException($"{GetType().Name}: parameter '{name}' must be a leaf tensor, not an op output.", nameof(tensor));
        }

        tensor.RequiresGrad = true;
        parameters.Add(new NamedTensor(name, tensor));
        return tensor;
    }

    /// <summary>Registers a persistent tensor that is saved in state dicts but not trained, and returns it.</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckName(name);
        buffers.Add(new NamedTensor(name, tensor));
        return tensor;
    }

    /// <summary>Registers a child module under <paramref name="name"/> and returns it.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        if (ReferenceEquals(module, this))
        {
            throw new ArgumentException($"{GetType().Name}: a module cannot be its own child ('{name}').", nameof(module));
        }

        children.Add((name, module));
        module.Train(IsTraining);
        return module;
    }

    /// <summary>The direct children, in registration order.</summary>
    public IReadOnlyList<(string Name, Module Module)> NamedChildren() => children;

    /// <summary>This module and every descendant, depth first, in registration order, each once.</summary>
    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>This module (name "") and every descendant with its dotted path, each module once.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(string, Module)>();
        stack.Push((string.Empty, this));
        while (stack.Count > 0)
        {
            var (name, module) = stack.Pop();
            if (!seen.Add(module))
            {
                continue;
            }

            yield return (name, module);
            for (var i = module.children.Count - 1; i >= 0; i--)
            {
                var (childName, child) = module.children[i];
                stack.Push((Join(name, childName), child));
            }
        }
    }

    /// <summary>Every parameter of the tree, each tensor once even when shared (order of <see cref="NamedParameters"/>).</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor).ToList();

    /// <summary>Every parameter with its dotted name; a tensor shared by two modules appears once, under its first name.</summary>
    public IReadOnlyList<NamedTensor> NamedParameters() => Collect(m => m.parameters, deduplicate: true);

    /// <summary>Every buffer with its dotted name.</summary>
    public IReadOnlyList<NamedTensor> NamedBuffers() => Collect(m => m.buffers, deduplicate: true);

    /// <summary>The total number of trainable elements.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Count);

    /// <summary>Sets training mode on this module and all descendants.</summary>
    public void Train(bool training = true)
    {
        foreach (var module in Modules())
        {
            module.IsTraining = training;
        }
    }

    /// <summary>Sets evaluation mode (batch norm uses running statistics, dropout is off) recursively.</summary>
    public void Eval() => Train(false);

    /// <summary>Zeroes the gradients of every parameter of the tree.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    private List<NamedTensor> Collect(Func<Module, List<NamedTensor>> select, bool deduplicate)
    {
        var result = new List<NamedTensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var entry in select(module))
            {
                if (!deduplicate || seen.Add(entry.Tensor))
                {
                    result.Add(new NamedTensor(Join(prefix, entry.Name), entry.Tensor));
                }
            }
        }

        return result;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{GetType().Name}: name '{name}' must be non-empty and contain no '.'.", nameof(name));
        }

        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"{GetType().Name}: name '{name}' is already registered.", nameof(name));
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
