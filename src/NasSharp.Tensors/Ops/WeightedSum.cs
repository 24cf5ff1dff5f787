using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// sum_i weights[indices[i]] * terms[i]: the mixed operation of DARTS (Liu et al. 2019, eq. 2) and of its
    /// relatives (SNAS, GDAS) as one op. <paramref name="weights"/> is read flat (any shape), so a row of a
    /// [edges, ops] softmax is addressed without slicing it. d/dterms[i] = w_i * dOut and
    /// d/dweights[indices[i]] += &lt;terms[i], dOut&gt;. Fused, the op keeps no scaled copies or partial sums
    /// alive until the backward pass, only its output, so a DARTS supernet's memory is its operations' outputs.
    /// </summary>
    /// <param name="terms">Tensors of one shape (at least one).</param>
    /// <param name="weights">The weights, addressed by flat index.</param>
    /// <param name="indices">For each term, the flat index of its weight in <paramref name="weights"/>.</param>
    public static Tensor WeightedSum(IReadOnlyList<Tensor> terms, Tensor weights, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(weights);
        ValidateWeightedSum(terms, weights, indices);
        var output = Tensor.Uninitialized(terms[0].Shape);
        var inputs = new Tensor[terms.Count + 1];
        var scales = new float[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            (inputs[i], scales[i]) = (terms[i], weights.Data[indices[i]]);
        }

        inputs[^1] = weights;
        ScaledSum.Compute(new WeightedTerms(inputs, scales), output.Data);
        return Tensor.NeedsGrad(inputs) ? output.RecordedBy(new WeightedSumBackward(inputs, indices.ToArray())) : output;
    }

    /// <summary>The terms of a weighted sum for <see cref="ScaledSum"/>: the op's inputs (terms, then the weights) and each term's weight.</summary>
    private readonly struct WeightedTerms(Tensor[] inputs, float[] scales) : IScaledTerms
    {
        public int Count => scales.Length;

        public ReadOnlySpan<float> Term(int index) => inputs[index].Data;

        public float Scale(int index) => scales[index];
    }

    private static void ValidateWeightedSum(IReadOnlyList<Tensor> terms, Tensor weights, ReadOnlySpan<int> indices)
    {
        if (terms.Count == 0)
        {
            throw new ArgumentException("WeightedSum: at least one term is needed.", nameof(terms));
        }

        if (indices.Length != terms.Count)
        {
            throw new ArgumentException($"WeightedSum: {terms.Count} terms but {indices.Length} weight indices.", nameof(indices));
        }

        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i].Shape != terms[0].Shape)
            {
                throw new ArgumentException($"WeightedSum: term {i} has shape {terms[i].Shape}, term 0 has {terms[0].Shape}.", nameof(terms));
            }

            if ((uint)indices[i] >= (uint)weights.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"WeightedSum: weight index {indices[i]} of term {i} is outside weights {weights.Shape}.");
            }
        }
    }

    /// <summary>
    /// Inputs are the terms followed by the weights tensor. The terms' values are read only for the weights' gradient:
    /// with fixed weights (no gradient) only the weights are read, so a term nothing else reads can be released early, as
    /// PyTorch frees op(x) in w * op(x) when w needs no gradient.
    /// </summary>
    private sealed class WeightedSumBackward(Tensor[] inputs, int[] indices)
        : BackwardNode(inputs[^1].RequiresGrad ? 0 : inputs.Length - 1, inputs)
    {
        private readonly bool weightsNeedGrad = inputs[^1].RequiresGrad;

        public override string OpName => nameof(WeightedSum);

        protected internal override bool ReadsOutput => false;

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var terms = Inputs[..^1];
            var weights = Inputs[^1];
            var g = outputGrad.Data;
            var w = weights.Data;
            var gw = weightsNeedGrad ? GradOf(weights) : default;
            for (var i = 0; i < terms.Length; i++)
            {
                var gx = GradTargetOf(terms[i], out var accumulate);
                if (!gx.IsEmpty && accumulate)
                {
                    Elementwise.AddScaledInPlace(gx, g, w[indices[i]]);
                }
                else if (!gx.IsEmpty)
                {
                    Elementwise.Scale(g, w[indices[i]], gx);
                }

                if (!gw.IsEmpty)
                {
                    gw[indices[i]] += TensorPrimitives.Dot(terms[i].Data, g);
                }
            }
        }
    }
}
