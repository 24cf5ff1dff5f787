using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// Gumbel-softmax sampling for choice supernets, one sample per table row per forward pass (shared by the layers of
/// that row): hard (GDAS, Dong &amp; Yang 2019: only the argmax choice runs, scaled by its straight-through one-hot
/// entry) or relaxed (SNAS, Xie et al. 2019: every choice runs, weighted by the concrete sample).
/// </summary>
public sealed class GumbelChoicePolicy : IChoicePolicy
{
    private readonly Random random;
    private Tensor[]? samples;
    private int[][]? chosen;
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

    public float Temperature
    {
        get => temperature;
        set => temperature = value > 0 && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "GumbelChoicePolicy: the temperature must be positive and finite.");
    }

    /// <summary>The argmax of the latest sample per group and row.</summary>
    public IReadOnlyList<int[]> Chosen => chosen ?? throw new InvalidOperationException("GumbelChoicePolicy: no forward pass has run.");

    public void BeginForward()
    {
        samples = Tables.Tables.Select(t => Ops.GumbelSoftmax(t, Temperature, random, Hard, axis: 1)).ToArray();
        chosen = samples.Select((s, g) => Enumerable.Range(0, s.Shape[0]).Select(r => ChoiceTables.ArgMaxRow(s.Data, r, s.Shape[1])).ToArray()).ToArray();
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

        return ChoiceTables.Mix(layer, input, sample);
    }
}
