using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// Gumbel-softmax sampling, one sample per table row per forward pass (shared by the layers of that row): hard (GDAS,
/// Dong &amp; Yang, CVPR 2019, section 3.2: h = one_hot(argmax((alpha + g) / tau)) with the straight-through gradient of
/// the soft sample; only the argmax choice runs, scaled by h_chosen, whose value is exactly 1, which is how the loss
/// gradient reaches alpha) or relaxed (SNAS, Xie et al., ICLR 2019: every open choice runs, weighted by the concrete
/// sample). Closed choices of a few-shot sub-supernet are never drawn. Deviation from AutoDL's GDAS code: it also adds
/// the (zero-valued) hard weights of the unchosen operations to the edge output, which gives their logits an extra
/// gradient term; here only the chosen entry carries the gradient, as the paper's equation 6 states.
/// </summary>
public sealed class GumbelChoicePolicy : IChoicePolicy
{
    private readonly Random random;
    private Tensor[]? samples;
    private int[][]? chosen;
    private ChoiceMask? mask;
    private float temperature;

    public GumbelChoicePolicy(ChoiceTables tables, Random random, bool hard, float temperature)
    {
        Tables = tables ?? throw new ArgumentNullException(nameof(tables));
        this.random = random ?? throw new ArgumentNullException(nameof(random));
        Hard = hard;
        Temperature = temperature;
    }

    public ChoiceTables Tables { get; }

    /// <summary>True for GDAS's hard sample, false for SNAS's relaxed one.</summary>
    public bool Hard { get; }

    /// <summary>The Gumbel-softmax temperature tau (positive, finite).</summary>
    public float Temperature
    {
        get => temperature;
        set => temperature = value > 0 && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "GumbelChoicePolicy: the temperature must be positive and finite.");
    }

    /// <summary>The samples of the latest forward pass, one [rows, choices] table per group.</summary>
    public IReadOnlyList<Tensor>? Samples => samples;

    /// <summary>The argmax of the latest sample per group and row.</summary>
    public IReadOnlyList<int[]> Chosen => chosen ?? throw new InvalidOperationException("GumbelChoicePolicy: no forward pass has run.");

    public void BeginForward(ChoiceMask mask)
    {
        this.mask = mask ?? throw new ArgumentNullException(nameof(mask));
        samples = Tables.Tables.Select((t, g) => Ops.GumbelSoftmax(mask.Masked(t, g), Temperature, random, Hard, axis: 1)).ToArray();
        chosen = samples.Select(s => Enumerable.Range(0, s.Shape[0]).Select(r => ChoiceTables.ArgMaxRow(s.Data, r, s.Shape[1])).ToArray()).ToArray();
    }

    public Tensor? Forward(IChoiceLayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var sample = (samples ?? throw new InvalidOperationException("GumbelChoicePolicy: BeginForward was not called."))[layer.Group];
        if (Hard)
        {
            var k = chosen![layer.Group][layer.Position];
            return layer.Run(k, input) is { } output ? ChoiceTables.Scaled(output, sample, layer.Position, k) : null;
        }

        return ChoiceTables.Mix(layer, input, sample, mask!);
    }
}
