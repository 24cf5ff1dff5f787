using NasSharp.Kernels;

namespace NasSharp.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Matrix product: [M, K] x [K, N] -> [M, N], or batched [B, M, K] x [B, K, N] -> [B, M, N]
    /// (a 2-D right operand is shared by every batch). dA = dC B^T, dB = A^T dC.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        var (batch, m, k, n, sharedB) = MatMulGeometry(a.Shape, b.Shape);
        var output = Tensor.Uninitialized(batch == 0 ? new TensorShape(m, n) : new TensorShape(batch, m, n));
        var batches = Math.Max(batch, 1);
        for (var i = 0; i < batches; i++)
        {
            Gemm.Multiply(new GemmLayout(m, n, k), a.Data.Slice(i * m * k, m * k), BSlice(b, i, k * n, sharedB), output.Data.Slice(i * m * n, m * n));
        }

        return Tensor.NeedsGrad(a, b) ? output.RecordedBy(new MatMulBackward(a, b, batches, m, k, n, sharedB)) : output;
    }

    private static ReadOnlySpan<float> BSlice(Tensor b, int i, int size, bool shared) => shared ? b.Data : b.Data.Slice(i * size, size);

    private static (int Batch, int M, int K, int N, bool SharedB) MatMulGeometry(TensorShape a, TensorShape b)
    {
        if (a.Rank == 2 && b.Rank == 2 && a[1] == b[0])
        {
            return (0, a[0], a[1], b[1], true);
        }

        if (a.Rank == 3 && b.Rank == 3 && a[0] == b[0] && a[2] == b[1])
        {
            return (a[0], a[1], a[2], b[2], false);
        }

        if (a.Rank == 3 && b.Rank == 2 && a[2] == b[0])
        {
            return (a[0], a[1], a[2], b[1], true);
        }

        throw new ArgumentException($"MatMul: shapes {a} and {b} do not multiply (expected [M, K] x [K, N] or [B, M, K] x [B, K, N] / [K, N]).");
    }

    private sealed class MatMulBackward(Tensor a, Tensor b, int batches, int m, int k, int n, bool sharedB) : BackwardNode(a, b)
    {
        public override string OpName => nameof(MatMul);

        protected internal override void Backward(Tensor output, Tensor outputGrad)
        {
            var gradA = GradOf(a);
            var gradB = GradOf(b);
            for (var i = 0; i < batches; i++)
            {
                var dc = outputGrad.Data.Slice(i * m * n, m * n);
                if (!gradA.IsEmpty)
                {
                    Gemm.Multiply(new GemmLayout(m, k, n, TransposeB: true, Accumulate: true), dc, BSlice(b, i, k * n, sharedB), gradA.Slice(i * m * k, m * k));
                }

                if (!gradB.IsEmpty)
                {
                    var target = sharedB ? gradB : gradB.Slice(i * k * n, k * n);
                    Gemm.Multiply(new GemmLayout(k, n, m, TransposeA: true, Accumulate: true), a.Data.Slice(i * m * k, m * k), dc, target);
                }
            }
        }
    }
}
