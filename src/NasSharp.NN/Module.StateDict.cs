using NasSharp.Tensors;

namespace NasSharp.NN;

/// <summary>State dicts: every parameter and buffer by dotted name (the keys PyTorch would use for the same tree).</summary>
public abstract partial class Module
{
    /// <summary>
    /// The parameters and buffers by dotted name, module by module (parameters before buffers, parents before
    /// children). The values are the live tensors, not copies: save them before training on.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var entry in module.parameters.Concat(module.buffers))
            {
                if (seen.Add(entry.Tensor))
                {
                    state.Add(Join(prefix, entry.Name), entry.Tensor);
                }
            }
        }

        return state;
    }

    /// <summary>
    /// Copies the values of <paramref name="state"/> into this module's parameters and buffers. Everything is
    /// checked before anything is copied: a shape mismatch always throws (naming the key and both shapes);
    /// missing or unexpected keys throw when <paramref name="strict"/>, and are reported otherwise.
    /// </summary>
    public StateDictLoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var mismatches = own
            .Where(kv => state.TryGetValue(kv.Key, out var given) && given.Shape != kv.Value.Shape)
            .Select(kv => $"'{kv.Key}': expected shape {kv.Value.Shape}, got {state[kv.Key].Shape}")
            .ToList();
        if (mismatches.Count > 0)
        {
            throw new ArgumentException($"LoadStateDict ({GetType().Name}): shape mismatch for {string.Join("; ", mismatches)}.", nameof(state));
        }

        if (strict && (missing.Count > 0 || unexpected.Count > 0))
        {
            throw new ArgumentException($"LoadStateDict ({GetType().Name}): {Describe("missing", missing)}{(missing.Count > 0 && unexpected.Count > 0 ? "; " : string.Empty)}{Describe("unexpected", unexpected)}.", nameof(state));
        }

        foreach (var (key, target) in own)
        {
            if (state.TryGetValue(key, out var source))
            {
                target.CopyFrom(source);
            }
        }

        return new StateDictLoadResult(missing, unexpected);
    }

    private static string Describe(string kind, List<string> keys) =>
        keys.Count == 0 ? string.Empty : $"{keys.Count} {kind} key{(keys.Count == 1 ? string.Empty : "s")}: {string.Join(", ", keys.Select(k => $"'{k}'"))}";
}
