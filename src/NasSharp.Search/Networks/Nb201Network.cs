using NasSharp.NN.Layers;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;

namespace NasSharp.Search.Networks;

/// <summary>
/// The stand-alone NAS-Bench-201 network of one genotype (Dong &amp; Yang, ICLR 2020): the shared
/// <see cref="Nb201Skeleton"/> with every cell a <see cref="Nb201GenotypeCell"/> holding only the genotype's
/// operations. Module names follow AutoDL's TinyNetwork with InferCell ("cells.K.layers.E..."), so a state
/// dict maps onto the reference implementation's. The genotype stays a value; this class is the factory that
/// turns it into weights.
/// </summary>
/// <remarks>
/// The cells' batch norm is <see cref="Nb201SupernetOptions.CellBatchNorm"/>. The benchmark trains stand-alone
/// networks with ordinary batch norm (affine, running statistics): build them with
/// <see cref="StandaloneOptions"/> or <c>options with { CellBatchNorm = BatchNormOptions.Default }</c>. Keeping
/// the supernet's batch-statistics setting instead lets a network take over a supernet's weights unchanged.
/// </remarks>
public sealed class Nb201Network : Nb201Skeleton
{
    public Nb201Network(Nb201Genotype genotype, Nb201SupernetOptions options, Random random)
        : base(options, c => new Nb201GenotypeCell(genotype, c, options.CellBatchNorm, random), random)
    {
        Genotype = genotype;
    }

    /// <summary>The architecture every cell of this network instantiates.</summary>
    public Nb201Genotype Genotype { get; }

    /// <summary>Skeleton sizes with ordinary batch norm in the cells, as the benchmark's stand-alone training uses.</summary>
    public static Nb201SupernetOptions StandaloneOptions(int channels = 16, int cellsPerStage = 5, int classes = 10, int inputChannels = 3) =>
        new(channels, cellsPerStage, classes, inputChannels) { CellBatchNorm = BatchNormOptions.Default };
}
