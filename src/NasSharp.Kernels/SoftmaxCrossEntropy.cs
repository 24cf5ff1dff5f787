using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// Cross entropy of softmax(logits) rows [N, C] against integer targets, optionally label-smoothed (q = (1 - s) onehot
/// + s / C), without materialising the log-probabilities: the forward pass keeps two numbers per row, the maximum m
/// and log(sum exp(x - m)) (ggml's max shift), and the backward pass recomputes softmax from them and the logits in one
/// pass. For a language model's [700, 10,000] logits this saves a 28 MB buffer and three of the five passes over it.
/// Rows run in fixed blocks (<see cref="ElementwiseBlocks.ForRows"/>), every row computed the same way, so results are
/// bitwise identical for any thread count.
/// </summary>
public static unsafe class SoftmaxCrossEntropy
{
    /// <summary>
    /// Effectively computes, for each row i: shift[i] = max_c x[i, c], logSum[i] = log sum_c exp(x[i, c] - shift[i]), and
    /// loss[i] = -((1 - s) logp[i, t_i] + (s / C) sum_c logp[i, c]) with logp = (x - shift) - logSum.
    /// </summary>
    public static void Forward(int rows, int classes, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, float smoothing, Span<float> shift, Span<float> logSum, Span<float> loss)
    {
        Validate(rows, classes, logits.Length, targets.Length, shift.Length, logSum.Length, loss.Length);
        fixed (float* px = logits, pm = shift, pl = logSum, ploss = loss)
        fixed (int* pt = targets)
        {
            var state = (X: (nint)px, T: (nint)pt, M: (nint)pm, L: (nint)pl, Loss: (nint)ploss, C: classes, S: smoothing);
            ElementwiseBlocks.ForRows(rows, classes, state, static (s, first, count) =>
            {
                var scratch = new Span<float>(KernelScratch.Get(KernelScratch.Staging, s.C), s.C);
                for (var i = first; i < first + count; i++)
                {
                    var x = new ReadOnlySpan<float>((float*)s.X + ((long)i * s.C), s.C);
                    var max = TensorPrimitives.Max(x);
                    TensorPrimitives.Subtract(x, max, scratch);
                    var shiftedSum = s.S == 0f ? 0f : TensorPrimitives.Sum(scratch);
                    TensorPrimitives.Exp(scratch, scratch);
                    var log = MathF.Log(TensorPrimitives.Sum(scratch));
                    var target = ((int*)s.T)[i];
                    var atTarget = (x[target] - max) - log;
                    var sumLogp = (double)shiftedSum - ((double)s.C * log);
                    ((float*)s.M)[i] = max;
                    ((float*)s.L)[i] = log;
                    ((float*)s.Loss)[i] = (float)-(((1.0 - s.S) * atTarget) + (s.S / (double)s.C * sumLogp));
                }
            });
        }
    }

    /// <summary>
    /// Effectively computes grad[i, c] (+)= scale (softmax(x)[i, c] - q[i, c]), softmax recomputed as
    /// exp((x - shift) - logSum) from <see cref="Forward"/>'s row numbers; overwrites <paramref name="grad"/> unless
    /// <paramref name="accumulate"/>.
    /// </summary>
    public static void Backward(int rows, int classes, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, float smoothing, ReadOnlySpan<float> shift, ReadOnlySpan<float> logSum, float scale, Span<float> grad, bool accumulate)
    {
        Validate(rows, classes, logits.Length, targets.Length, shift.Length, logSum.Length, rows);
        Validate(rows, classes, grad.Length, rows, rows, rows, rows);
        fixed (float* px = logits, pm = shift, pl = logSum, pg = grad)
        fixed (int* pt = targets)
        {
            var state = (X: (nint)px, T: (nint)pt, M: (nint)pm, L: (nint)pl, G: (nint)pg, C: classes, S: smoothing, Scale: scale, Accumulate: accumulate);
            ElementwiseBlocks.ForRows(rows, classes, state, static (s, first, count) =>
            {
                var diff = new Span<float>(KernelScratch.Get(KernelScratch.Staging, s.C), s.C);
                for (var i = first; i < first + count; i++)
                {
                    var x = new ReadOnlySpan<float>((float*)s.X + ((long)i * s.C), s.C);
                    var g = new Span<float>((float*)s.G + ((long)i * s.C), s.C);

                    // softmax - q: exp(logp) - s / C, and -(1 - s) more at the target; then scaled into the gradient.
                    TensorPrimitives.Subtract(x, ((float*)s.M)[i], diff);
                    TensorPrimitives.Subtract(diff, ((float*)s.L)[i], diff);
                    TensorPrimitives.Exp(diff, diff);
                    if (s.S != 0f)
                    {
                        TensorPrimitives.Subtract(diff, s.S / s.C, diff);
                    }

                    diff[((int*)s.T)[i]] -= 1f - s.S;
                    if (s.Accumulate)
                    {
                        TensorPrimitives.MultiplyAdd(diff, s.Scale, g, g);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(diff, s.Scale, g);
                    }
                }
            });
        }
    }

    private static void Validate(int rows, int classes, int logits, int targets, int shift, int logSum, int loss)
    {
        if (rows <= 0 || classes <= 0 || logits != (long)rows * classes || targets != rows || shift != rows || logSum != rows || loss != rows)
        {
            throw new ArgumentException($"SoftmaxCrossEntropy: buffers (logits or gradient {logits}, targets {targets}, row values {shift}, {logSum}, {loss}) do not match {rows} rows of {classes} classes.");
        }
    }
}
