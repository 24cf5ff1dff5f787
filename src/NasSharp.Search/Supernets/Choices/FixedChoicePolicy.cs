using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// One given path: each layer runs the choice of its (group, row) (one-shot evaluation with inherited weights, Bender et
/// al. 2018: the paths outside the candidate are zeroed out). Settable between passes. A path outside the supernet's
/// open choices is an error naming the row.
/// </summary>
public sealed class FixedChoicePolicy(IReadOnlyList<int[]> path) : IChoicePolicy
{
    public IReadOnlyList<int[]> Path { get; set; } = path ?? throw new ArgumentNullException(nameof(path));

    public void BeginForward(ChoiceMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (!mask.Contains(Path))
        {
            throw new ArgumentException($"Supernet: the path [{string.Join(" / ", Path.Select(p => string.Join(",", p)))}] is outside this supernet's open choices.");
        }
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Run(Path[layer.Group][layer.Position], input);
    }
}
