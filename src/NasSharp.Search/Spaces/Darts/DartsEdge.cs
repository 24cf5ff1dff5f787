
namespace NasSharp.Search.Spaces.Darts;

/// <summary>One kept edge of a DARTS cell: the operation and the state it reads (0, 1: the two cell inputs; 2..: earlier nodes).</summary>
public readonly record struct DartsEdge(DartsOperation Op, int Input)
{
    /// <summary>DARTS's tuple form, e.g. <c>('sep_conv_3x3', 1)</c>.</summary>
    public override string ToString() => $"('{DartsOperations.Name(Op)}', {Input})";
}
