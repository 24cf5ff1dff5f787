using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// The DARTS continuous relaxation (Liu et al., ICLR 2019, eq. 2): each layer outputs sum over its open choices k of
/// softmax(alpha_row)_k * choice_k(x). Closed choices of a few-shot sub-supernet get weight 0 (masked before the
/// softmax). <c>none</c> contributes 0 * x, so it is not computed, but its weight still takes part in the softmax.
/// </summary>
public sealed class SoftmaxChoicePolicy(ChoiceTables tables) : IChoicePolicy
{
    private Tensor[]? weights;
    private ChoiceMask? mask;

    public ChoiceTables Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>The mixing weights of the latest forward pass, one [rows, choices] table per group.</summary>
    public IReadOnlyList<Tensor>? Weights => weights;

    public void BeginForward(ChoiceMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        this.mask = mask;
        weights = Tables.Tables.Select((t, g) => Ops.Softmax(mask.Masked(t, g), axis: 1)).ToArray();
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var w = (weights ?? throw new InvalidOperationException("SoftmaxChoicePolicy: BeginForward was not called."))[layer.Group];
        return ChoiceTables.Mix(layer, input, w, mask!);
    }
}
