namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> [V, D]: output[p, :] = weight[indices[p], :], shaped
    /// [indexShape..., D] (a flat [indices.Length, D] when <paramref name="indexShape"/> is empty).
    /// Backward scatter-adds each output row's gradient into the row it came from, so an index used twice
    /// receives both contributions.
    /// </summary>
    public static Tensor Embedding(Tensor weight, int[] indices, params int[] indexShape)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(indexShape);
        var outputShape = EmbeddingGeometry(weight.Shape, indices, indexShape);
        var d = weight.Shape[1];
        var output = Tensor.Uninitialized(outputShape);
        for (var p = 0; p < indices.Length; p++)
        {
            weight.Data.Slice(indices[p] * d, d).CopyTo(output.Data.Slice(p * d, d));
        }

        return Tensor.NeedsGrad(weight) ? output.RecordedBy(new EmbeddingBackward(weight, (int[])indices.Clone())) : output;
    }

    private static TensorShape EmbeddingGeometry(TensorShape weight, int[] indices, int[] indexShape)
    {
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"Embedding: weight must be [V, D], got shape {weight}.");
        }

        var dims = indexShape.Length == 0 ? [indices.Length] : indexShape;
        var shown = "[" + string.Join(", ", dims) + "]";
        if (dims.Length + 1 > TensorShape.MaxRank || dims.Any(d => d <= 0))
        {
            throw new ArgumentException($"Embedding: index shape {shown} must have positive dimensions and rank below {TensorShape.MaxRank}.");
        }

        if (dims.Aggregate(1L, (p, d) => p * d) != indices.Length)
        {
            throw new ArgumentException($"Embedding: index shape {shown} does not hold the {indices.Length} indices given.");
        }

        for (var p = 0; p < indices.Length; p++)
        {
            if ((uint)indices[p] >= (uint)weight[0])
            {
                throw new ArgumentException($"Embedding: index {indices[p]} at position {p} is out of range for a vocabulary of size {weight[0]} (weight {weight}).");
            }
        }

        return new TensorShape([.. dims, weight[1]]);
    }

    private sealed class EmbeddingBackward(Tensor weight, int[] indices) : BackwardNode(weight)
    {
        public override string OpName => nameof(Embedding);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var gradWeight = GradOf(weight);
            if (gradWeight.IsEmpty)
            {
                return;
            }

            // Sequential on purpose: repeated indices make the scatter racy if split across threads.
            var d = weight.Shape[1];
            for (var p = 0; p < indices.Length; p++)
            {
                Kernels.Elementwise.AddInPlace(gradWeight.Slice(indices[p] * d, d), outputGrad.Data.Slice(p * d, d));
            }
        }
    }
}
