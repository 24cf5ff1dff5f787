using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// Turns RequiresGrad off on a set of leaves and back on when disposed: a bilevel step that updates one level
/// then skips the backward work (and the gradient buffers) of the other.
/// </summary>
public sealed class GradientFreeze : IDisposable
{
    private readonly List<Tensor> frozen = [];

    public GradientFreeze(IEnumerable<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors)
        {
            if (t.RequiresGrad)
            {
                t.RequiresGrad = false;
                frozen.Add(t);
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in frozen)
        {
            t.RequiresGrad = true;
        }

        frozen.Clear();
    }
}
