namespace NasSharp.Search.Models;

/// <summary>The search space a saved model's genotype belongs to (written by name in model.json: nb201, darts, chain).</summary>
public enum ModelSpace
{
    /// <summary>NAS-Bench-201 cells, <c>|op~0|+|op~0|op~1|+|...|</c>.</summary>
    Nb201,

    /// <summary>The DARTS CNN space, <c>Genotype(normal=[...], ...)</c>.</summary>
    Darts,

    /// <summary>The single-path ShuffleNetV2 chain space, <c>[3x3, 5x5, 7x7, xception, ...]</c>.</summary>
    Chain,
}
