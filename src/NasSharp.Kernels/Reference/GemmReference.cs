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
}
