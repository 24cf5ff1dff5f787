namespace NasSharp.Search.Training;

/// <summary>Names of <see cref="DifferentiableMethod"/> at the parse/print boundary, and what each method needs.</summary>
public static class DifferentiableMethods
{
    private static readonly string[] Names = ["darts", "darts2", "gdas", "snas", "dsnas"];

    /// <summary>The accepted names, in enum order.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The CLI name, e.g. <c>darts2</c>.</summary>
    public static string Name(DifferentiableMethod method) =>
        (uint)method < (uint)Names.Length ? Names[(int)method] : throw new ArgumentOutOfRangeException(nameof(method), method, "DifferentiableMethods: unknown method.");

    /// <summary>The method named <paramref name="name"/> (case-insensitive); throws listing the valid names.</summary>
    public static DifferentiableMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Array.IndexOf(Names, name.Trim().ToLowerInvariant());
        return index >= 0 ? (DifferentiableMethod)index : throw new ArgumentException($"unknown method '{name}' (expected one of {string.Join(", ", Names)})");
    }

    /// <summary>
    /// True for the bilevel methods (DARTS, GDAS) that train weights on one half of the search data and the
    /// architecture on the other; SNAS and DSNAS train both on the same batches.
    /// </summary>
    /// <summary>DARTS (both orders) and SNAS train a continuous mixture of every operation, not one sampled path.</summary>
    public static bool IsContinuous(DifferentiableMethod method) => method is DifferentiableMethod.Darts or DifferentiableMethod.DartsSecondOrder or DifferentiableMethod.Snas;

    public static bool IsBilevel(DifferentiableMethod method) => method is DifferentiableMethod.Darts or DifferentiableMethod.DartsSecondOrder or DifferentiableMethod.Gdas;
}
