using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// Single-path uniform sampling (SPOS, Guo et al., ECCV 2020): every forward pass samples one open choice per table row
/// uniformly, shared by the layers of that row, and runs only that path.
/// </summary>
public sealed class UniformChoicePolicy(Random random) : IChoicePolicy
{
    private int[][] current = [];

    /// <summary>The path of the latest forward pass.</summary>
    public IReadOnlyList<int[]> CurrentPath => current;

    public void BeginForward(ChoiceMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        current = mask.Shapes.Select((s, g) => Enumerable.Range(0, s.Rows).Select(r =>
        {
            var open = mask.Open(g, r);
            return open[random.Next(open.Length)];
        }).ToArray()).ToArray();
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Run(current[layer.Group][layer.Position], input);
    }
}
