using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Darts;

/// <summary>
/// The DARTS search network (Network of model_search.py; Liu et al. 2019, section 3.1.1: 8 cells, C = 16): a 3x3 stem to
/// 3C + BN, cells with reductions at 1/3 and 2/3 of the depth, global pooling and a classifier. Its 14 mixed edges per
/// cell read two architecture tables [14, 8] (normal, reduction), shared by all cells of a kind; the injected
/// <see cref="IChoicePolicy"/> decides how they mix. Derivation keeps the two strongest non-none inputs per node.
/// </summary>
public sealed class DartsSearchNetwork : ChoiceSupernet
{
    private readonly Sequential stem;
    private readonly ModuleList<DartsSearchCell> cells;
    private readonly Linear classifier;

    /// <param name="options">Channels (search: 16), layers (search: 8), classes, input channels; the auxiliary flag is ignored.</param>
    /// <param name="policy">How the mixed edges combine their operations.</param>
    /// <param name="random">Source of the initial weights.</param>
    public DartsSearchNetwork(DartsNetworkOptions options, IChoicePolicy policy, Random random)
        : base(policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var c = DartsNetworkOptions.StemMultiplier * options.Channels;
        stem = RegisterModule("stem", new Sequential(new Conv2d(options.InputChannels, c, 3, random, padding: 1, bias: false), new BatchNorm2d(c)));
        cells = RegisterModule("cells", new ModuleList<DartsSearchCell>());
        var (prevPrev, prev, current, reductionPrev) = (c, c, options.Channels, false);
        for (var i = 0; i < options.Layers; i++)
        {
            var reduction = options.IsReduction(i);
            current *= reduction ? 2 : 1;
            cells.Add(new DartsSearchCell(prevPrev, prev, current, reduction, reductionPrev, () => Policy, random));
            (prevPrev, prev, reductionPrev) = (prev, DartsGenotype.Nodes * current, reduction);
        }

        classifier = RegisterModule("classifier", new Linear(prev, options.Classes, random));
    }

    public DartsNetworkOptions Options { get; }

    public override IReadOnlyList<(int Rows, int Choices)> Shapes => [(DartsDerivation.SearchEdges, DartsDerivation.OpCount), (DartsDerivation.SearchEdges, DartsDerivation.OpCount)];

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        BeginForward();
        var s0 = stem.Forward(input);
        var s1 = s0;
        foreach (var cell in cells.Items)
        {
            (s0, s1) = (s1, cell.Forward(s0, s1));
        }

        return classifier.Forward(Ops.GlobalAvgPool2d(s1));
    }

    public override IReadOnlyList<int[]> DerivePath(float[][] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return PathOf(DartsDerivation.Derive(probabilities[0], probabilities[1]));
    }

    public override string Describe(IReadOnlyList<int[]> path) => GenotypeOf(path).ToString();

    public override double PathFlops(IReadOnlyList<int[]> path, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Flops(imageSize, (group, row) => [path[group][row]]);
    }

    public override double MixedFlops(int imageSize) => Flops(imageSize, Mask.Open);

    public override double[][] ChoiceFlops(int imageSize)
    {
        var tables = new[] { new double[DartsDerivation.SearchEdges * DartsDerivation.OpCount], new double[DartsDerivation.SearchEdges * DartsDerivation.OpCount] };
        var none = Flops(imageSize, (_, _) => [0]);
        for (var g = 0; g < 2; g++)
        {
            for (var e = 0; e < DartsDerivation.SearchEdges; e++)
            {
                for (var k = 1; k < DartsDerivation.OpCount; k++)
                {
                    // The network with only this (edge, op) running, minus the network with nothing: its cost in every cell of the kind.
                    tables[g][(e * DartsDerivation.OpCount) + k] = Flops(imageSize, (group, row) => group == g && row == e ? [k] : [0]) - none;
                }
            }
        }

        return tables;
    }

    public override string RowName(int group, int row)
    {
        var node = 0;
        while (DartsDerivation.EdgeIndex(node + 1, 0) <= row)
        {
            node++;
        }

        return $"{(group == 0 ? "normal" : "reduce")} node {node} <- {row - DartsDerivation.EdgeIndex(node, 0)}";
    }

    protected override ChoiceSupernet CreateSibling(IChoicePolicy childPolicy, Random random) => new DartsSearchNetwork(Options, childPolicy, random);

    public override string ChoiceName(int group, int choice) => DartsOperations.Name((DartsOperation)choice);

    /// <summary>The path of a genotype: kept edges their operation, every other edge <c>none</c>.</summary>
    public static IReadOnlyList<int[]> PathOf(DartsGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        int[] Cell(IReadOnlyList<DartsEdge> edges)
        {
            var row = new int[DartsDerivation.SearchEdges];
            for (var k = 0; k < edges.Count; k++)
            {
                row[DartsDerivation.EdgeIndex(k / 2, edges[k].Input)] = (int)edges[k].Op;
            }

            return row;
        }

        return [Cell(genotype.Normal), Cell(genotype.Reduce)];
    }

    /// <summary>The genotype of a path with exactly two non-none edges per node.</summary>
    public static DartsGenotype GenotypeOf(IReadOnlyList<int[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        List<DartsEdge> Cell(int[] row)
        {
            var edges = new List<DartsEdge>();
            for (var node = 0; node < DartsGenotype.Nodes; node++)
            {
                edges.AddRange(Enumerable.Range(0, node + 2).Where(i => row[DartsDerivation.EdgeIndex(node, i)] != 0).Select(i => new DartsEdge((DartsOperation)row[DartsDerivation.EdgeIndex(node, i)], i)));
            }

            return edges;
        }

        return new DartsGenotype(Cell(path[0]), Cell(path[1]));
    }

    // Stem, the preprocessings, the operations each edge runs, and the head, for one image.
    private double Flops(int imageSize, Func<int, int, IEnumerable<int>> choices)
    {
        var c = DartsNetworkOptions.StemMultiplier * Options.Channels;
        double side = imageSize;
        var flops = 2.0 * Options.InputChannels * c * 9 * side * side;
        var (prevPrev, prev, current) = (c, c, Options.Channels);
        for (var i = 0; i < Options.Layers; i++)
        {
            var reduction = Options.IsReduction(i);
            current *= reduction ? 2 : 1;
            flops += 2.0 * (prevPrev + prev) * current * side * side;
            side = reduction ? Math.Ceiling(side / 2) : side;
            for (var e = 0; e < DartsDerivation.SearchEdges; e++)
            {
                var stride = reduction && IsInputEdge(e) ? 2 : 1;
                flops += choices(reduction ? 1 : 0, e).Sum(k => DartsCost.OpFlops((DartsOperation)k, current, stride, side * side));
            }

            (prevPrev, prev) = (prev, DartsGenotype.Nodes * current);
        }

        return flops + (prev * side * side) + (2.0 * prev * Options.Classes);
    }

    private static bool IsInputEdge(int edge) => Enumerable.Range(0, DartsGenotype.Nodes).Any(n => edge == DartsDerivation.EdgeIndex(n, 0) || edge == DartsDerivation.EdgeIndex(n, 1));
}
