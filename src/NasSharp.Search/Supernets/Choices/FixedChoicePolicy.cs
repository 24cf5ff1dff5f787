using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>One given path of a choice supernet: each layer runs the choice of its (group, row); settable between passes.</summary>
public sealed class FixedChoicePolicy(IReadOnlyList<int[]> path) : IChoicePolicy
{
    public IReadOnlyList<int[]> Path { get; set; } = path ?? throw new ArgumentNullException(nameof(path));

    public void BeginForward()
    {
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Run(Path[layer.Group][layer.Position], input);
    }
}
