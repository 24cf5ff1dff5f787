namespace NasSharp.Tensors;

/// <summary>
/// Owns the tensors created on this thread while it is the innermost open scope, and returns their
/// storage to <see cref="TensorPool"/> when disposed. Wrap each training or evaluation step in one:
/// <code>using (new TensorScope()) { var loss = ...; loss.Backward(); optimizer.Step(); }</code>
/// Tensors created outside any scope (parameters, gradients of leaves, datasets) are ordinary
/// garbage-collected objects. <see cref="Keep"/> moves a tensor out to the enclosing scope.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? current;

    // The list of the last disposed scope on this thread, reused by the next one: a DARTS search step registers
    // ~14,000 tensors, and growing a fresh list to that size allocated ~260 KB per step.
    [ThreadStatic]
    private static List<Tensor>? spareOwned;

    private readonly TensorScope? parent;
    private readonly List<Tensor> owned;
    private bool disposed;

    public TensorScope()
    {
        owned = spareOwned ?? [];
        spareOwned = null;
        parent = current;
        current = this;
    }

    internal static TensorScope? Current => current;

    internal void Register(Tensor tensor) => owned.Add(tensor);

    /// <summary>
    /// Moves <paramref name="tensor"/> to the enclosing scope (or to the garbage collector when there is none); a view
    /// (a reshape, a shared ReLU output) moves with the tensor that owns its storage.
    /// </summary>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        // Once disposed, the list may belong to a newer scope.
        if (disposed)
        {
            return tensor;
        }

        var owner = owned.Find(tensor.ViewsStorageOf);
        if (owned.Remove(tensor))
        {
            parent?.Register(tensor);
        }

        if (owner != null && owned.Remove(owner))
        {
            parent?.Register(owner);
        }

        return tensor;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        if (current != this)
        {
            throw new InvalidOperationException("TensorScope: scopes must be disposed in the reverse order of creation, on the thread that created them.");
        }

        disposed = true;
        current = parent;
        foreach (var tensor in owned)
        {
            tensor.ReleaseStorage();
        }

        owned.Clear();
        if (spareOwned == null || spareOwned.Capacity < owned.Capacity)
        {
            spareOwned = owned;
        }
    }
}
