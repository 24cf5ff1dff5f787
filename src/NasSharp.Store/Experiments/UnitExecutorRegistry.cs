namespace NasSharp.Store.Experiments;

/// <summary>The executors a worker offers, one per unit kind; a worker leases only units of these kinds.</summary>
public sealed class UnitExecutorRegistry
{
    private readonly Dictionary<string, IUnitExecutor> executors = new(StringComparer.Ordinal);

    /// <summary>The kinds registered, in registration order.</summary>
    public IReadOnlyCollection<string> Kinds => executors.Keys;

    /// <summary>Registers <paramref name="executor"/>; one executor per kind.</summary>
    public UnitExecutorRegistry Add(IUnitExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (!executors.TryAdd(executor.Kind, executor))
        {
            throw new ArgumentException($"UnitExecutorRegistry: an executor for unit kind '{executor.Kind}' is already registered.", nameof(executor));
        }

        return this;
    }

    /// <summary>The executor of <paramref name="kind"/>.</summary>
    public IUnitExecutor Get(string kind) =>
        executors.TryGetValue(kind, out var executor) ? executor : throw new ArgumentException($"no executor for unit kind '{kind}' (this worker runs: {string.Join(", ", Kinds)})", nameof(kind));
}
