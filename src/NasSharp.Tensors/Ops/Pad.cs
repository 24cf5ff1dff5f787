using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Surrounds <paramref name="x"/> with <paramref name="before"/>[d] and <paramref name="after"/>[d]
    /// elements of <paramref name="value"/> along every dimension d (both arrays have one entry per
    /// dimension). A negative amount removes that many elements from that side instead, as PyTorch's
    /// <c>F.pad</c>: <c>Pad(x, [0, 0, -1, -1], [0, 0, 1, 1])</c> shifts an image up and left by one pixel
    /// with zeros coming in, one copy instead of a pad and two slices. The gradient is the output
    /// gradient's part over the kept elements (the removed ones get none).
    /// </summary>
    public static Tensor Pad(Tensor x, int[] before, int[] after, float value = 0f)
    {
        var dims = PaddedDims(x.Shape, before, after);
        var output = Tensor.Uninitialized(new TensorShape(dims));
        var kept = KeptBox(x.Shape, before, after);
        if (!kept.Extent.AsSpan().SequenceEqual(dims))
        {
            output.Data.Fill(value);
        }

        Box.Copy(new BoxLayout(kept.Extent, x.Shape.Dims, kept.Source, dims, kept.Target), x.Data, output.Data);
        return Tensor.NeedsGrad(x) ? output.RecordedBy(new PadBackward(x, kept)) : output;
    }

    /// <summary>The part of x that a pad keeps: its extent, where it starts in x and where it lands in the output.</summary>
    private static (int[] Extent, int[] Source, int[] Target) KeptBox(TensorShape shape, int[] before, int[] after)
    {
        var rank = shape.Rank;
        var (extent, source, target) = (new int[rank], new int[rank], new int[rank]);
        for (var d = 0; d < rank; d++)
        {
            (source[d], target[d]) = (Math.Max(-before[d], 0), Math.Max(before[d], 0));
            extent[d] = shape[d] - source[d] - Math.Max(-after[d], 0);
        }

        return (extent, source, target);
    }

    private static int[] PaddedDims(TensorShape shape, int[] before, int[] after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Length != shape.Rank || after.Length != shape.Rank)
        {
            throw new ArgumentException($"Pad: before [{string.Join(", ", before)}] and after [{string.Join(", ", after)}] must give an amount for each of the {shape.Rank} dimensions of shape {shape}.");
        }

        for (var d = 0; d < shape.Rank; d++)
        {
            if (shape[d] - Math.Max(-before[d], 0) - Math.Max(-after[d], 0) < 1)
            {
                throw new ArgumentException($"Pad: before {before[d]} and after {after[d]} on dimension {d} of shape {shape} remove all of its {shape[d]} elements (a negative amount removes elements; at least one must stay).");
            }
        }

        var dims = shape.ToArray();
        for (var d = 0; d < dims.Length; d++)
        {
            dims[d] += before[d] + after[d];
        }

        return dims;
    }

    private sealed class PadBackward(Tensor x, (int[] Extent, int[] Source, int[] Target) kept) : BackwardNode(x)
    {
        public override string OpName => nameof(Pad);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (!g.IsEmpty)
            {
                Box.Copy(new BoxLayout(kept.Extent, output.Shape.Dims, kept.Target, x.Shape.Dims, kept.Source), outputGrad.Data, g, accumulate: true);
            }
        }
    }
}
