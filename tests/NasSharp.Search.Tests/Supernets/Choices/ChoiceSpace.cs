namespace NasSharp.Search.Tests.Supernets.Choices;

/// <summary>The spaces whose supernets the choice-policy tests run on.</summary>
public enum ChoiceSpace
{
    /// <summary>NAS-Bench-201: one table [6 edges, 5 operations].</summary>
    Nb201,

    /// <summary>The chain space: one table [layers, 4 blocks].</summary>
    Chain,

    /// <summary>The DARTS CNN space: two tables [14 edges, 8 operations] (normal, reduction).</summary>
    Darts,
}
