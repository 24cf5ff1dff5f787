using System.Buffers;
using System.Numerics.Tensors;
using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Sum over <paramref name="axes"/> (negative axes count from the end, each at most once). The reduced
    /// dimensions are dropped, or kept with size 1 when <paramref name="keepDims"/>. The summation order is
    /// fixed by the shape, so the result is deterministic for any thread count. d/dx = 1: the output
    /// gradient is broadcast back over the reduced axes.
    /// </summary>
    public static Tensor Sum(Tensor x, int[] axes, bool keepDims = false) => SumOverAxes(nameof(Sum), x, ReducedAxes(nameof(Sum), x.Shape, axes), keepDims, mean: false);

    /// <summary>Sum (or mean) over the axes flagged in <paramref name="reduced"/>.</summary>
    private static Tensor SumOverAxes(string op, Tensor x, bool[] reduced, bool keepDims, bool mean)
    {
        var dims = x.Shape.Dims;
        var kept = new List<int>(dims.Length);
        var keptWithOnes = new int[dims.Length];
        var reducedCount = 1;
        for (var d = 0; d < dims.Length; d++)
        {
            keptWithOnes[d] = reduced[d] ? 1 : dims[d];
            reducedCount *= reduced[d] ? dims[d] : 1;
            if (!reduced[d] || keepDims)
            {
                kept.Add(keptWithOnes[d]);
            }
        }

        var output = Tensor.Uninitialized(new TensorShape([.. kept]));
        SumGroups(x.Data, dims, reduced, output.Data);
        var divisor = mean ? (float)reducedCount : 1f;
        if (mean)
        {
            TensorPrimitives.Divide(output.Data, divisor, output.Data);
        }

        return Tensor.NeedsGrad(x) ? output.RecordedBy(new ReduceBackward(op, x, keptWithOnes, divisor)) : output;
    }

    /// <summary>
    /// Sums each maximal run of reduced axes with one <see cref="Reduction"/> pass, rightmost run first
    /// (so a run never moves the axes of the runs still to come), through pooled scratch buffers.
    /// </summary>
    private static void SumGroups(ReadOnlySpan<float> source, ReadOnlySpan<int> dims, bool[] reduced, Span<float> destination)
    {
        var steps = ReductionSteps(dims, reduced);
        if (steps.Count == 0)
        {
            source.CopyTo(destination);
            return;
        }

        float[]? previous = null;
        var input = source;
        for (var i = 0; i < steps.Count; i++)
        {
            var length = steps[i].Outer * steps[i].Inner;
            var scratch = i == steps.Count - 1 ? null : ArrayPool<float>.Shared.Rent(length);
            var output = scratch == null ? destination : scratch.AsSpan(0, length);
            Reduction.Sum(steps[i], input, output);
            if (previous != null)
            {
                ArrayPool<float>.Shared.Return(previous);
            }

            previous = scratch;
            input = output;
        }
    }

    /// <summary>One [outer, run, inner] layout per run of reduced axes, rightmost run first.</summary>
    private static List<ReductionLayout> ReductionSteps(ReadOnlySpan<int> dims, bool[] reduced)
    {
        var steps = new List<ReductionLayout>();
        var inner = 1;
        for (var end = dims.Length; end > 0;)
        {
            if (!reduced[end - 1])
            {
                inner *= dims[--end];
                continue;
            }

            var start = end - 1;
            while (start > 0 && reduced[start - 1])
            {
                start--;
            }

            steps.Add(new ReductionLayout(DimsProduct(dims[..start]), DimsProduct(dims[start..end]), inner));
            end = start;
        }

        return steps;
    }

    private static int DimsProduct(ReadOnlySpan<int> dims)
    {
        var p = 1;
        foreach (var d in dims)
        {
            p *= d;
        }

        return p;
    }

    /// <summary>Flags the reduced axes; throws naming the op and shape for a null, empty, out-of-range or repeated axis list.</summary>
    private static bool[] ReducedAxes(string op, TensorShape shape, int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0)
        {
            throw new ArgumentException($"{op}: no axes given for shape {shape}; use {op}(x) to reduce every element.");
        }

        var reduced = new bool[shape.Rank];
        foreach (var axis in axes)
        {
            var a = shape.NormalizeAxis(axis, op);
            if (reduced[a])
            {
                throw new ArgumentException($"{op}: axis {a} appears more than once in axes [{string.Join(", ", axes)}] for shape {shape}.");
            }

            reduced[a] = true;
        }

        return reduced;
    }

    private sealed class ReduceBackward(string op, Tensor x, int[] keptWithOnes, float divisor) : BackwardNode(x)
    {
        public override string OpName => op;

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var g = GradOf(x);
            if (g.IsEmpty)
            {
                return;
            }

            var dy = outputGrad.Data;
            Tensor? scaled = null;
            if (divisor != 1f)
            {
                scaled = Tensor.Uninitialized(output.Shape);
                TensorPrimitives.Divide(dy, divisor, scaled.Data);
                dy = scaled.Data;
            }

            // g += dy broadcast over the reduced axes (g is both operand and destination, element by element).
            var dims = x.Shape.Dims;
            Elementwise.Binary<AddOperator>(new BroadcastLayout(dims, dims, keptWithOnes), g, dy, g);
            scaled?.ReleaseStorage();
        }
    }
}
