using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.Supernets.Choices;

/// <summary>Which candidate modules of a supernet a backward pass reached.</summary>
internal static class PolicyAssert
{
    /// <summary>The candidates of NB201 cell 0 with a non-zero gradient, as "edge:op".</summary>
    public static HashSet<string> TouchedNb201Candidates(ChoiceSupernet net) => Touched(net, "cells.0.edges.", 3, 4);

    /// <summary>The blocks of the chain supernet with a non-zero gradient, as "layer:block".</summary>
    public static HashSet<string> TouchedChainBlocks(ChoiceSupernet net) => Touched(net, "features.", 1, 3);

    private static HashSet<string> Touched(ChoiceSupernet net, string prefix, int row, int choice)
    {
        var touched = new HashSet<string>();
        foreach (var p in net.NamedParameters())
        {
            var parts = p.Name.Split('.');
            if (p.Name.StartsWith(prefix, StringComparison.Ordinal) && p.Tensor.Grad is { } g && g.ToArray().Any(v => v != 0))
            {
                touched.Add(parts[row] + ":" + parts[choice]);
            }
        }

        return touched;
    }
}
