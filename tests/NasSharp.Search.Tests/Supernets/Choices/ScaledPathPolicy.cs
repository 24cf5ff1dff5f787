using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

/// <summary>
/// Runs a fixed path and multiplies each chosen output by its entry of <see cref="Scales"/> (one leaf [rows, choices] per
/// group, 1 by default): after a backward pass the gradient of entry (row, chosen) is the credit dL/dh of that row
/// (summed over the layers sharing it), the quantity the GDAS and DSNAS gradients are built from; setting an entry to
/// 1 +- h gives the loss as a function of it for finite differences.
/// </summary>
internal sealed class ScaledPathPolicy : IChoicePolicy
{
    private readonly IReadOnlyList<int[]> path;

    public ScaledPathPolicy(IReadOnlyList<int[]> path, IReadOnlyList<(int Rows, int Choices)> shapes)
    {
        this.path = path;
        Scales = [.. shapes.Select(s =>
        {
            var t = Tensor.Persistent(new TensorShape(s.Rows, s.Choices));
            t.Data.Fill(1f);
            return t.WithGrad();
        })];
    }

    public IReadOnlyList<Tensor> Scales { get; }

    /// <summary>The credit of (group, row): the gradient of its chosen entry.</summary>
    public float Credit(int group, int row) => Scales[group].Grad is { } g ? g.Data[(row * Scales[group].Shape[1]) + path[group][row]] : 0f;

    public void BeginForward(ChoiceMask mask)
    {
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        var k = path[layer.Group][layer.Position];
        return layer.Run(k, input) is { } output ? ChoiceTables.Scaled(output, Scales[layer.Group], layer.Position, k) : null;
    }
}
