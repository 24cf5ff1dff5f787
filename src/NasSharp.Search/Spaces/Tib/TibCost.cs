namespace NasSharp.Search.Spaces.Tib;

/// <summary>Sizes of two-input backbone cells (RECURRENT.md 1.2), to report beside every derived cell.</summary>
public static class TibCost
{
    /// <summary>
    /// Trainable parameters of the cell: N * ((d + H) * H + H) for N nodes (one projection U_k and bias b_k each), plus
    /// one gate per node and per edge when <paramref name="gates"/>. An edge (M4) shares its target node's projection z,
    /// so a plain edge adds no parameter. A <c>skip</c> node still counts: contract it first
    /// (<see cref="TibGenotype.WithoutSkips"/>) for the size of the pruned cell. For d = H = 64 and N = 4 this is an
    /// LSTM(64)'s 4 * (128 * 64 + 64) up to the LSTM's second bias.
    /// </summary>
    public static long Parameters(TibGenotype genotype, int inputSize, int hiddenSize, bool gates = false)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (inputSize <= 0 || hiddenSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"TibCost: input size {inputSize} and hidden size {hiddenSize} must be positive.");
        }

        var perNode = ((long)(inputSize + hiddenSize) * hiddenSize) + hiddenSize + (gates ? 1 : 0);
        return (genotype.Ops.Count * perNode) + (gates ? genotype.Edges.Count : 0);
    }

    /// <summary>
    /// Multiply-adds x 2 of one time step for one sequence: the projections and the node ops, and each edge's op and its
    /// addition to the node's output (elementwise ops counted once per element).
    /// </summary>
    public static double StepFlops(TibGenotype genotype, int inputSize, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        return (genotype.Ops.Count * ((2.0 * (inputSize + hiddenSize) * hiddenSize) + (4.0 * hiddenSize))) + (genotype.Edges.Count * 5.0 * hiddenSize);
    }
}
