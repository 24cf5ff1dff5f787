using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// The NAS-Bench-201 weight-sharing supernet: every cell edge holds all five candidate operations and the injected
/// <see cref="IChoicePolicy"/> decides how they combine. One architecture table [6 edges, 5 operations] shared by all
/// cells (as in NAS-Bench-201's DARTS/GDAS/SETN). A path is one int[6] of <see cref="Nb201Operation"/> values.
/// </summary>
public sealed class Nb201Supernet : ChoiceSupernet
{
    private readonly Nb201Backbone backbone;
    private readonly List<SearchCell> searchCells = [];

    public Nb201Supernet(Nb201SupernetOptions options, IChoicePolicy policy, Random random)
        : base(policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        backbone = new Nb201Backbone(options, c =>
        {
            var cell = new SearchCell(() => Policy, c, options.CellBatchNorm, random);
            searchCells.Add(cell);
            return cell;
        }, random, RegisterModule);
    }

    /// <summary>The skeleton's sizes.</summary>
    public Nb201SupernetOptions Options { get; }

    /// <summary>The searchable cells.</summary>
    public IReadOnlyList<SearchCell> Cells => searchCells;

    public override IReadOnlyList<(int Rows, int Choices)> Shapes => [(Nb201CellWiring.EdgeCount, Nb201Genotype.OpCount)];

    /// <summary>True when <paramref name="genotype"/> lies in this supernet's part of the space.</summary>
    public bool Contains(Nb201Genotype genotype) => Contains(PathOf(genotype));

    /// <summary>The operations left open on edge <paramref name="edge"/>.</summary>
    public IReadOnlyList<Nb201Operation> Allowed(int edge) => Mask.Open(0, edge).Select(k => (Nb201Operation)k).ToArray();

    public override Tensor Forward(Tensor input)
    {
        BeginForward();
        return backbone.Forward(input);
    }

    public override IReadOnlyList<int[]> DerivePath(float[][] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return [Enumerable.Range(0, Nb201CellWiring.EdgeCount).Select(e => ChoiceTables.ArgMaxRow(probabilities[0], e, Nb201Genotype.OpCount)).ToArray()];
    }

    public override string Describe(IReadOnlyList<int[]> path) => GenotypeOf(path).ToString();

    public override double PathFlops(IReadOnlyList<int[]> path, int imageSize) => Nb201Cost.ForwardFlops(GenotypeOf(path), Options, imageSize);

    public override double MixedFlops(int imageSize) => Nb201Cost.ForwardFlops(Options, imageSize, Allowed);

    public override double[][] ChoiceFlops(int imageSize) => [Nb201Cost.EdgeFlopsTable(Options, imageSize)];

    public override string RowName(int group, int row)
    {
        var (from, to) = Nb201Genotype.EdgeNodes(row);
        return $"edge {to}<-{from}";
    }

    public override string ChoiceName(int group, int choice) => Nb201Operations.Name((Nb201Operation)choice);

    /// <summary>The path of a genotype: one row of operation indices.</summary>
    public static IReadOnlyList<int[]> PathOf(Nb201Genotype genotype) => [Enumerable.Range(0, Nb201Genotype.EdgeCount).Select(e => (int)genotype[e]).ToArray()];

    /// <summary>The genotype of a path.</summary>
    public static Nb201Genotype GenotypeOf(IReadOnlyList<int[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Nb201Genotype.FromOps(path[0].Select(k => (Nb201Operation)k).ToArray());
    }

    protected override ChoiceSupernet CreateSibling(IChoicePolicy childPolicy, Random random) => new Nb201Supernet(Options, childPolicy, random);
}
