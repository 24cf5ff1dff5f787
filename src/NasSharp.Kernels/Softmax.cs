using System.Buffers;
using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// Max-shifted softmax and log-softmax over one axis, forward and backward (ggml's formulation:
/// subtract the row maximum before exponentiating, so huge logits never overflow). Work is split over
/// fixed groups of slabs (<see cref="SoftmaxLayout.Outer"/> index); every row is computed the same way
/// whatever the split, so results are bitwise identical for any <see cref="KernelParallel.ThreadCount"/>.
/// Rows along the last axis (Inner = 1) are contiguous and vectorized along the row; other axes are
/// vectorized across the Inner columns, which share each step.
/// </summary>
public static unsafe class Softmax
{
    /// <summary>Elements per parallel block (whole slabs; never split by thread count).</summary>
    private const int BlockElements = 1 << 14;

    private enum Pass
    {
        Softmax,
        LogSoftmax,
        SoftmaxBackward,
        LogSoftmaxBackward,
    }

    /// <summary>Effectively computes y = exp(x - max) / sum(exp(x - max)) along the axis. <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Forward(SoftmaxLayout layout, ReadOnlySpan<float> x, Span<float> y)
    {
        layout.Validate(nameof(Softmax), x.Length, y.Length);
        Run(layout, Pass.Softmax, x, x, y);
    }

    /// <summary>Effectively computes y = (x - max) - log(sum(exp(x - max))) along the axis. <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void LogForward(SoftmaxLayout layout, ReadOnlySpan<float> x, Span<float> y)
    {
        layout.Validate(nameof(LogForward), x.Length, y.Length);
        Run(layout, Pass.LogSoftmax, x, x, y);
    }

    /// <summary>Given the softmax output y, accumulates dx += y * (dy - sum(dy * y)) along the axis.</summary>
    public static void Backward(SoftmaxLayout layout, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        layout.Validate(nameof(Backward), y.Length, dy.Length);
        layout.Validate(nameof(Backward), dx.Length, dx.Length);
        Run(layout, Pass.SoftmaxBackward, y, dy, dx);
    }

    /// <summary>Given the log-softmax output y, accumulates dx += dy - exp(y) * sum(dy) along the axis.</summary>
    public static void LogBackward(SoftmaxLayout layout, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        layout.Validate(nameof(LogBackward), y.Length, dy.Length);
        layout.Validate(nameof(LogBackward), dx.Length, dx.Length);
        Run(layout, Pass.LogSoftmaxBackward, y, dy, dx);
    }

    private static void Run(SoftmaxLayout layout, Pass pass, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        var slab = layout.Length * layout.Inner;
        var slabsPerBlock = Math.Max(1, BlockElements / slab);
        var scratchLength = layout.Inner == 1 ? layout.Length : 3 * layout.Inner;
        fixed (float* pa = a, pb = b, pd = dst)
        {
            var (na, nb, nd) = ((nint)pa, (nint)pb, (nint)pd);
            KernelParallel.For(KernelParallel.BlockCount(layout.Outer, slabsPerBlock), (Layout: layout, Pass: pass, A: na, B: nb, D: nd, Slab: slab, SlabsPerBlock: slabsPerBlock, ScratchLength: scratchLength), static (s, block) =>
            {
                var (layout, pass, na, nb, nd, slab, slabsPerBlock, scratchLength) = s;
                var scratch = ArrayPool<float>.Shared.Rent(scratchLength);
                var end = Math.Min(layout.Outer, (block + 1) * slabsPerBlock);
                for (var o = block * slabsPerBlock; o < end; o++)
                {
                    var offset = (nint)o * slab;
                    var sa = new ReadOnlySpan<float>((float*)na + offset, slab);
                    var sb = new ReadOnlySpan<float>((float*)nb + offset, slab);
                    var sd = new Span<float>((float*)nd + offset, slab);
                    Slab(pass, layout, sa, sb, sd, scratch.AsSpan(0, scratchLength));
                }

                ArrayPool<float>.Shared.Return(scratch);
            });
        }
    }

    private static void Slab(Pass pass, SoftmaxLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst, Span<float> scratch)
    {
        if (layout.Inner == 1)
        {
            switch (pass)
            {
                case Pass.Softmax: SoftmaxRow(a, dst); break;
                case Pass.LogSoftmax: LogSoftmaxRow(a, dst, scratch); break;
                case Pass.SoftmaxBackward: SoftmaxBackwardRow(a, b, dst, scratch); break;
                default: LogSoftmaxBackwardRow(a, b, dst, scratch); break;
            }

            return;
        }

        var columns = new Columns(layout.Length, layout.Inner);
        var first = scratch[..layout.Inner];
        var second = scratch.Slice(layout.Inner, layout.Inner);
        var third = scratch.Slice(2 * layout.Inner, layout.Inner);
        switch (pass)
        {
            case Pass.Softmax: columns.Softmax(a, dst, first, second); break;
            case Pass.LogSoftmax: columns.LogSoftmax(a, dst, first, second, third); break;
            case Pass.SoftmaxBackward: columns.SoftmaxBackward(a, b, dst, first, second); break;
            default: columns.LogSoftmaxBackward(a, b, dst, first, second); break;
        }
    }

    private static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }

    private static void LogSoftmaxRow(ReadOnlySpan<float> x, Span<float> y, Span<float> scratch)
    {
        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        var logSum = MathF.Log(TensorPrimitives.Sum(scratch));

        // (x - max) - log(sum), not x - (max + log(sum)): the latter loses log(sum) when max is huge.
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Subtract(y, logSum, y);
    }

    private static void SoftmaxBackwardRow(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Span<float> scratch)
    {
        TensorPrimitives.Subtract(dy, TensorPrimitives.Dot(dy, y), scratch);
        TensorPrimitives.MultiplyAdd(scratch, y, dx, dx);
    }

    private static void LogSoftmaxBackwardRow(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Span<float> scratch)
    {
        var sum = TensorPrimitives.Sum(dy);
        TensorPrimitives.Exp(y, scratch);
        TensorPrimitives.Add(dx, dy, dx);
        TensorPrimitives.MultiplyAdd(scratch, -sum, dx, dx);
    }

    /// <summary>One [Length, Inner] slab normalized along Length: each step processes a whole row of Inner columns.</summary>
    private readonly ref struct Columns(int length, int inner)
    {
        public void Softmax(ReadOnlySpan<float> x, Span<float> y, Span<float> max, Span<float> sum)
        {
            ColumnMax(x, max);
            sum.Clear();
            for (var j = 0; j < length; j++)
            {
                var yj = y.Slice(j * inner, inner);
                TensorPrimitives.Subtract(x.Slice(j * inner, inner), max, yj);
                TensorPrimitives.Exp(yj, yj);
                TensorPrimitives.Add(sum, yj, sum);
            }

            for (var j = 0; j < length; j++)
            {
                var yj = y.Slice(j * inner, inner);
                TensorPrimitives.Divide(yj, sum, yj);
            }
        }

        public void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, Span<float> max, Span<float> sum, Span<float> tmp)
        {
            ColumnMax(x, max);
            sum.Clear();
            for (var j = 0; j < length; j++)
            {
                TensorPrimitives.Subtract(x.Slice(j * inner, inner), max, tmp);
                TensorPrimitives.Exp(tmp, tmp);
                TensorPrimitives.Add(sum, tmp, sum);
            }

            TensorPrimitives.Log(sum, sum);
            for (var j = 0; j < length; j++)
            {
                var yj = y.Slice(j * inner, inner);
                TensorPrimitives.Subtract(x.Slice(j * inner, inner), max, yj);
                TensorPrimitives.Subtract(yj, sum, yj);
            }
        }

        public void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dot, Span<float> tmp)
        {
            dot.Clear();
            for (var j = 0; j < length; j++)
            {
                TensorPrimitives.MultiplyAdd(dy.Slice(j * inner, inner), y.Slice(j * inner, inner), dot, dot);
            }

            for (var j = 0; j < length; j++)
            {
                var dxj = dx.Slice(j * inner, inner);
                TensorPrimitives.Subtract(dy.Slice(j * inner, inner), dot, tmp);
                TensorPrimitives.MultiplyAdd(tmp, y.Slice(j * inner, inner), dxj, dxj);
            }
        }

        public void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Span<float> sum, Span<float> tmp)
        {
            sum.Clear();
            for (var j = 0; j < length; j++)
            {
                TensorPrimitives.Add(sum, dy.Slice(j * inner, inner), sum);
            }

            for (var j = 0; j < length; j++)
            {
                var dxj = dx.Slice(j * inner, inner);
                TensorPrimitives.Exp(y.Slice(j * inner, inner), tmp);
                TensorPrimitives.Multiply(tmp, sum, tmp);
                TensorPrimitives.Add(dxj, dy.Slice(j * inner, inner), dxj);
                TensorPrimitives.Subtract(dxj, tmp, dxj);
            }
        }

        private void ColumnMax(ReadOnlySpan<float> x, Span<float> max)
        {
            x[..inner].CopyTo(max);
            for (var j = 1; j < length; j++)
            {
                TensorPrimitives.Max(max, x.Slice(j * inner, inner), max);
            }
        }
    }
}
