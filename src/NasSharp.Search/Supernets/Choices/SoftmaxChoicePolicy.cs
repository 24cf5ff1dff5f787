using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>DARTS's relaxation (Liu et al. 2019, eq. 2) for choice supernets: each layer outputs sum over k of softmax(alpha_row)_k * choice_k(x).</summary>
public sealed class SoftmaxChoicePolicy(ChoiceTables tables) : IChoicePolicy
{
    private Tensor[]? weights;

    public ChoiceTables Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    public void BeginForward() => weights = Tables.Tables.Select(t => Ops.Softmax(t, axis: 1)).ToArray();

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var w = (weights ?? throw new InvalidOperationException("SoftmaxChoicePolicy: BeginForward was not called."))[layer.Group];
        return ChoiceTables.Mix(layer, input, w);
    }
}
