using System.Diagnostics.CodeAnalysis;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.FewShot;

/// <summary>NAS-Bench-201 in a supernet directory: <see cref="Nb201Supernet"/>s of one skeleton; a split fixes one of the cell's six edges to one of its five operations.</summary>
public sealed class Nb201SupernetSpace(Nb201SupernetOptions skeleton) : SupernetSpace
{
    public override SearchSpaceKind Kind => SearchSpaceKind.Nb201;

    public override string RowWord => "edge";

    public override string ChoiceWord => "operations";

    public override int Rows => Nb201CellWiring.EdgeCount;

    public override int Choices => Nb201Genotype.OpCount;

    public override string ArchitectureForm => "a NAS-Bench-201 architecture string";

    // Choice k is the operation whose value is k (benchmark order: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3).
    public override string ChoiceName(int choice) => Nb201Operations.Name((Nb201Operation)choice);

    public override ChoiceSupernet Create(IChoicePolicy policy, Random random) => new Nb201Supernet(skeleton, policy, random);

    public override bool TryParsePath(string architecture, [NotNullWhen(true)] out IReadOnlyList<int[]>? path)
    {
        path = Nb201Genotype.TryParse(architecture, out var genotype) ? Nb201Supernet.PathOf(genotype) : null;
        return path is not null;
    }
}
