using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks;

/// <summary>
/// A NAS-Bench-201 cell with one fixed operation per edge (AutoDL's InferCell): child "layers" holds the six
/// edge modules in benchmark order, so edge E's weights are named "layers.E...". <c>none</c> edges hold a
/// parameter-free <c>Zero</c> that is never run (the wiring skips them, which gives the same sum without
/// adding zeros), <c>skip_connect</c> an <c>Identity</c>; only convolutions carry weights.
/// </summary>
public sealed class Nb201GenotypeCell : Module
{
    private readonly ModuleList<Module> layers;

    public Nb201GenotypeCell(Nb201Genotype genotype, int channels, BatchNormOptions batchNorm, Random random)
    {
        ArgumentNullException.ThrowIfNull(batchNorm);
        ArgumentNullException.ThrowIfNull(random);
        Genotype = genotype;
        layers = RegisterModule("layers", new ModuleList<Module>());
        for (var e = 0; e < Nb201CellWiring.EdgeCount; e++)
        {
            layers.Add(Nb201Operations.Create(genotype[e], channels, batchNorm, random));
        }
    }

    /// <summary>The operations of the six edges.</summary>
    public Nb201Genotype Genotype { get; }

    public override Tensor Forward(Tensor input) =>
        Nb201CellWiring.Forward(input, (e, x) => Genotype[e] == Nb201Operation.None ? null : layers[e].Forward(x));

    protected override string ExtraRepr() => Genotype.ToString();
}
