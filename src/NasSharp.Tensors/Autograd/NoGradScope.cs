namespace NasSharp.Tensors;

/// <summary>While open, ops on this thread record no graph and their outputs do not require gradients.</summary>
public sealed class NoGradScope : IDisposable
{
    private bool disposed;

    public NoGradScope() => GradMode.Disable();

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            GradMode.Restore();
        }
    }
}
