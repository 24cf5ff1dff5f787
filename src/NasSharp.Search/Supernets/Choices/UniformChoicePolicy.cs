using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>SPOS (Guo et al., ECCV 2020): every forward pass samples one choice per table row uniformly and runs only that path.</summary>
public sealed class UniformChoicePolicy(IReadOnlyList<(int Rows, int Choices)> shapes, Random random) : IChoicePolicy
{
    private readonly int[][] current = shapes.Select(s => new int[s.Rows]).ToArray();

    /// <summary>The path of the latest forward pass.</summary>
    public IReadOnlyList<int[]> CurrentPath => current;

    public void BeginForward()
    {
        for (var g = 0; g < current.Length; g++)
        {
            for (var r = 0; r < current[g].Length; r++)
            {
                current[g][r] = random.Next(shapes[g].Choices);
            }
        }
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Run(current[layer.Group][layer.Position], input);
    }
}
