namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>Mean of all elements, as a scalar (the sum in a fixed order, divided by the count). d/dx = 1 / count.</summary>
    public static Tensor Mean(Tensor x) => SumOverAxes(nameof(Mean), x, Enumerable.Repeat(true, x.Rank).ToArray(), keepDims: false, mean: true);

    /// <summary>
    /// Mean over <paramref name="axes"/> (negative axes count from the end, each at most once); the reduced
    /// dimensions are dropped, or kept with size 1 when <paramref name="keepDims"/>. Deterministic like
    /// <see cref="Sum(Tensor, int[], bool)"/>. d/dx = 1 / (number of elements averaged), broadcast back.
    /// </summary>
    public static Tensor Mean(Tensor x, int[] axes, bool keepDims = false) => SumOverAxes(nameof(Mean), x, ReducedAxes(nameof(Mean), x.Shape, axes), keepDims, mean: true);
}
