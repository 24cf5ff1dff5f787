namespace NasSharp.Kernels;

/// <summary>
/// The geometry of one matrix product C[M, N] (+)= op(A) op(B), all row-major and dense.
/// op(A) is M x K (A is stored K x M when <see cref="TransposeA"/>), op(B) is K x N
/// (B is stored N x K when <see cref="TransposeB"/>).
/// </summary>
public readonly record struct GemmLayout(int M, int N, int K, bool TransposeA = false, bool TransposeB = false, bool Accumulate = false)
{
    /// <summary>Throws when a dimension is not positive or a buffer is too short for the layout.</summary>
    public void Validate(int aLength, int bLength, int cLength)
    {
        if (M <= 0 || N <= 0 || K <= 0)
        {
            throw new ArgumentException($"Gemm: dimensions must be positive, got M={M}, N={N}, K={K}.");
        }

        if (aLength < (long)M * K || bLength < (long)K * N || cLength < (long)M * N)
        {
            throw new ArgumentException($"Gemm: buffers too short for M={M}, N={N}, K={K} (A {aLength}, B {bLength}, C {cLength}).");
        }
    }
}
