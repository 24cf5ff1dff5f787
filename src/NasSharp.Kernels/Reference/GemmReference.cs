namespace NasSharp.Kernels.Reference;

/// <summary>Scalar triple loop: the test oracle and benchmark baseline for <see cref="Gemm"/>.</summary>
public static class GemmReference
{
    public static void Multiply(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        layout.Validate(a.Length, b.Length, c.Length);
        var (m, n, k) = (layout.M, layout.N, layout.K);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    var av = layout.TransposeA ? a[(p * m) + i] : a[(i * k) + p];
                    var bv = layout.TransposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += av * bv;
                }

                c[(i * n) + j] = layout.Accumulate ? c[(i * n) + j] + sum : sum;
            }
        }
    }

    /// <summary>
    /// C[i, j] = one fused multiply-add chain over p = 0..K-1 in increasing order, starting from C[i, j] when
    /// accumulating, else from columnBias[j] (empty: 0). <see cref="Gemm"/> computes exactly these chains whatever its
    /// tiles, blocks or threads, so its result is bitwise equal to this one.
    /// </summary>
    public static void MultiplyFusedChains(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, ReadOnlySpan<float> columnBias)
    {
        layout.Validate(a.Length, b.Length, c.Length);
        var (m, n, k) = (layout.M, layout.N, layout.K);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = layout.Accumulate ? c[(i * n) + j] : columnBias.IsEmpty ? 0f : columnBias[j];
                for (var p = 0; p < k; p++)
                {
                    var av = layout.TransposeA ? a[(p * m) + i] : a[(i * k) + p];
                    var bv = layout.TransposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum = MathF.FusedMultiplyAdd(av, bv, sum);
                }

                c[(i * n) + j] = sum;
            }
        }
    }
}
