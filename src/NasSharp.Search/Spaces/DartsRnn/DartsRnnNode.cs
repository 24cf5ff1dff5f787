namespace NasSharp.Search.Spaces.DartsRnn;

/// <summary>
/// One node of a derived DARTS recurrent cell: it applies <paramref name="Op"/> to state <paramref name="Predecessor"/>
/// (0 = the input node s_0, k = node k). Text form <c>op~pred</c>, as the pairs of genotypes.py.
/// </summary>
public readonly record struct DartsRnnNode(DartsRnnOperation Op, int Predecessor)
{
    public override string ToString() => $"{DartsRnnOperations.Name(Op)}~{Predecessor}";
}
