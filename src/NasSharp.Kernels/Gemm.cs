namespace NasSharp.Kernels;

/// <summary>
/// Packed, cache-blocked single-precision matrix product C (+)= op(A) op(B) (Goto and van de Geijn 2008,
/// "Anatomy of High-Performance Matrix Multiplication"). C splits into fixed blocks of 64 rows by a multiple of 32
/// columns that run in parallel; a block walks k in chunks of 256, packing its A rows (and, when there is one row block,
/// its B columns; otherwise B is packed once for all blocks, as in Goto's algorithm), transposing on the way when asked,
/// into per-thread panels (with one row block, an untransposed B is read in place: it is k-major already, and its whole
/// 32-column panels serve a few row panels only), and runs the 8 x 32
/// <see cref="GemmMicroKernel"/> over them. Every C element is one fused multiply-add chain over k in
/// increasing order, whatever the block sizes or the thread count, so results are bitwise reproducible.
/// A block is as wide as keeps at least <see cref="MinBlocks"/> blocks (and at least two panels when N exceeds four; a
/// 20-row product ran slower with one-panel blocks), up to <see cref="MaxBlockPanels"/> panels: a block
/// packs its A rows once for all its columns, so with narrow blocks a product with a long K and a short N (a language
/// model's decoder gradients, [700, 10000] x [10000, 200]) packed its whole A four times.
/// </summary>
public static unsafe class Gemm
{
    private const int MR = GemmMicroKernel.Rows;
    private const int NR = GemmMicroKernel.Columns;
    private const int BlockRows = 64;
    private const int KChunk = 256;

    /// <summary>Blocks a product is split into at least, when it has that many panels (two threads stay balanced).</summary>
    private const int MinBlocks = 16;

    /// <summary>Column panels of a block at most (its packed B, 16 x 32 x 256 floats, stays within a 1 MB L2).</summary>
    private const int MaxBlockPanels = 16;

    /// <summary>Effectively computes C[i, j] (+)= sum_p op(A)[i, p] * op(B)[p, j].</summary>
    public static void Multiply(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c) =>
        Multiply(layout, a, b, c, []);

    /// <summary>
    /// Effectively computes C[i, j] = columnBias[j] + sum_p op(A)[i, p] * op(B)[p, j], each element's fused multiply-add
    /// chain starting from its bias (a linear layer's x W^T + b without a separate pass over C); an empty
    /// <paramref name="columnBias"/> means none. A bias needs <see cref="GemmLayout.Accumulate"/> off.
    /// </summary>
    public static void Multiply(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, ReadOnlySpan<float> columnBias)
    {
        layout.Validate(a.Length, b.Length, c.Length);
        if (!columnBias.IsEmpty && (columnBias.Length != layout.N || layout.Accumulate))
        {
            throw new ArgumentException($"Gemm: a column bias needs N = {layout.N} values (got {columnBias.Length}) and no accumulation ({layout}).");
        }

        fixed (float* pa = a, pb = b, pc = c, pbias = columnBias)
        {
            var job = new Job((nint)pa, (nint)pb, (nint)pc, layout) { Bias = (nint)pbias };

            // With several row blocks every block would pack its columns of B again: pack B once for all of them (also an
            // untransposed one: the decoder's input gradient, [700, 10000] x [10000, 200], ran slower reading its weight in place).
            if (job.RowBlocks > 1)
            {
                var packed = KernelScratch.Get(KernelScratch.GemmShared, PackedBLength(layout));
                Pack(layout, pb, packed);
                job = new Job((nint)pa, (nint)packed, (nint)pc, layout, prepacked: true) { Bias = (nint)pbias };
            }

            KernelParallel.For(job.RowBlocks * job.ColumnBlocks, job, static (j, block) => j.Run(block));
        }
    }

    /// <summary>Floats <see cref="PackB"/> writes for op(B) of <paramref name="layout"/>: K rows of N columns padded to whole panels.</summary>
    public static int PackedBLength(GemmLayout layout) => checked(layout.K * KernelParallel.BlockCount(layout.N, NR) * NR);

    /// <summary>
    /// Packs op(B) of <paramref name="layout"/> once for <see cref="MultiplyPackedB"/>: for a B shared by many products
    /// (an LSTM's recurrent weight over the time steps of a window), instead of every product packing it again.
    /// Layout: per k chunk (from k0), panel after panel of kc x 32, at k0 x padded N.
    /// </summary>
    public static void PackB(GemmLayout layout, ReadOnlySpan<float> b, Span<float> packed)
    {
        layout.Validate(layout.M * layout.K, b.Length, layout.M * layout.N);
        if (packed.Length < PackedBLength(layout))
        {
            throw new ArgumentException($"Gemm.PackB: {packed.Length} floats cannot hold the packed B of {layout} ({PackedBLength(layout)}).");
        }

        fixed (float* pb = b, pp = packed)
        {
            Pack(layout, pb, pp);
        }
    }

    private static void Pack(GemmLayout layout, float* b, float* packed)
    {
        var panels = KernelParallel.BlockCount(layout.N, NR);
        var state = (B: (nint)b, P: (nint)packed, Layout: layout, Panels: panels);
        KernelParallel.For(panels * KernelParallel.BlockCount(layout.K, KChunk), state, static (s, block) =>
        {
            var (k0, jp) = (block / s.Panels * KChunk, block % s.Panels);
            var kc = Math.Min(KChunk, s.Layout.K - k0);
            var ldb = s.Layout.TransposeB ? s.Layout.K : s.Layout.N;
            var dst = (float*)s.P + ((long)k0 * s.Panels * NR) + (jp * NR * kc);
            GemmPacking.PackB((float*)s.B, ldb, s.Layout.TransposeB, jp * NR, Math.Min(NR, s.Layout.N - (jp * NR)), k0, kc, dst);
        });
    }

    /// <summary>
    /// <see cref="Multiply(GemmLayout, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> with op(B) already packed by <see cref="PackB"/> for the same N, K and TransposeB: the same
    /// fused multiply-add chains, so bitwise the same result.
    /// </summary>
    public static void MultiplyPackedB(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> packedB, Span<float> c)
    {
        layout.Validate(a.Length, layout.K * layout.N, c.Length);
        if (packedB.Length < PackedBLength(layout))
        {
            throw new ArgumentException($"Gemm.MultiplyPackedB: {packedB.Length} packed floats are fewer than {layout} needs ({PackedBLength(layout)}).");
        }

        fixed (float* pa = a, pb = packedB, pc = c)
        {
            var job = new Job((nint)pa, (nint)pb, (nint)pc, layout, prepacked: true);
            KernelParallel.For(job.RowBlocks * job.ColumnBlocks, job, static (j, block) => j.Run(block));
        }
    }

    /// <summary>dst[c, r] = src[r, c] for a rows x cols source.</summary>
    public static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        const int block = 32;
        for (var r0 = 0; r0 < rows; r0 += block)
        {
            var r1 = Math.Min(rows, r0 + block);
            for (var c0 = 0; c0 < cols; c0 += block)
            {
                var c1 = Math.Min(cols, c0 + block);
                for (var r = r0; r < r1; r++)
                {
                    for (var cc = c0; cc < c1; cc++)
                    {
                        dst[(cc * rows) + r] = src[(r * cols) + cc];
                    }
                }
            }
        }
    }

    /// <summary>One product: the operands as addresses (valid while the caller's <c>fixed</c> lasts) and the block grid.</summary>
    private readonly struct Job
    {
        private readonly nint a;
        private readonly nint b;
        private readonly nint c;
        private readonly GemmLayout layout;
        private readonly int blockColumns;
        private readonly bool prepacked;

        // prepacked: b points at PackB's layout, not at the operand itself.
        public Job(nint a, nint b, nint c, GemmLayout layout, bool prepacked = false)
        {
            (this.a, this.b, this.c, this.layout, this.prepacked) = (a, b, c, layout, prepacked);
            RowBlocks = KernelParallel.BlockCount(layout.M, BlockRows);
            var fewestPanels = layout.N <= 4 * NR ? 1 : 2;
            blockColumns = Math.Clamp(KernelParallel.BlockCount(layout.N, NR) * RowBlocks / MinBlocks, fewestPanels, MaxBlockPanels) * NR;
            ColumnBlocks = KernelParallel.BlockCount(layout.N, blockColumns);
        }

        public int RowBlocks { get; }

        /// <summary>The column bias C starts from, or 0 for none.</summary>
        public nint Bias { get; init; }

        public int ColumnBlocks { get; }

        /// <summary>
        /// Whether column panel <paramref name="jp"/> of a block of <paramref name="cols"/> columns is read from an untransposed B
        /// in place (its k rows n floats apart) instead of packed: a whole panel, k-major already, whose packing was a copy
        /// (a 20-row product, a searched recurrent cell's step, packed all of its B for three row panels). Partial panels are
        /// packed and zero-padded as before. The same chains, so bitwise the same results.
        /// </summary>
        private bool InPlace(int jp, int cols) => !prepacked && !layout.TransposeB && (jp + 1) * NR <= cols;

        /// <summary>C[i0..i1, j0..j1) for block <paramref name="block"/>, k chunk after k chunk.</summary>
        public void Run(int block)
        {
            var (m, n, k) = (layout.M, layout.N, layout.K);
            var i0 = block / ColumnBlocks * BlockRows;
            var j0 = block % ColumnBlocks * blockColumns;
            var (rows, cols) = (Math.Min(m - i0, BlockRows), Math.Min(n - j0, blockColumns));
            var (rowPanels, colPanels) = (KernelParallel.BlockCount(rows, MR), KernelParallel.BlockCount(cols, NR));
            var chunk = Math.Min(k, KChunk);
            var packedA = KernelScratch.Get(KernelScratch.GemmA, rowPanels * MR * chunk);
            var packedB = prepacked ? null : KernelScratch.Get(KernelScratch.GemmB, colPanels * NR * chunk);
            var (lda, ldb) = (layout.TransposeA ? m : k, layout.TransposeB ? k : n);
            for (var k0 = 0; k0 < k; k0 += KChunk)
            {
                var kc = Math.Min(KChunk, k - k0);
                for (var ip = 0; ip < rowPanels; ip++)
                {
                    GemmPacking.PackA((float*)a, lda, layout.TransposeA, i0 + (ip * MR), Math.Min(MR, rows - (ip * MR)), k0, kc, packedA + (ip * MR * kc));
                }

                if (prepacked)
                {
                    packedB = (float*)b + ((long)k0 * KernelParallel.BlockCount(n, NR) * NR) + (j0 * kc);
                }
                else
                {
                    for (var jp = 0; jp < colPanels; jp++)
                    {
                        if (!InPlace(jp, cols))
                        {
                            GemmPacking.PackB((float*)b, ldb, layout.TransposeB, j0 + (jp * NR), Math.Min(NR, cols - (jp * NR)), k0, kc, packedB + (jp * NR * kc));
                        }
                    }
                }

                // A bias is written into the block's rows of C just before its first tiles read it (still in cache).
                if (k0 == 0 && Bias != 0)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        new ReadOnlySpan<float>((float*)Bias + j0, cols).CopyTo(new Span<float>((float*)c + ((long)(i0 + r) * n) + j0, cols));
                    }
                }

                var load = layout.Accumulate || k0 > 0 || Bias != 0;
                for (var jp = 0; jp < colPanels; jp++)
                {
                    for (var ip = 0; ip < rowPanels; ip++)
                    {
                        var target = (float*)c + ((long)(i0 + (ip * MR)) * n) + j0 + (jp * NR);
                        var inPlace = InPlace(jp, cols);
                        var panel = inPlace ? (float*)b + ((long)k0 * n) + j0 + (jp * NR) : packedB + (jp * NR * kc);
                        GemmMicroKernel.Tile(packedA + (ip * MR * kc), panel, inPlace ? n : NR, kc, target, n, Math.Min(MR, rows - (ip * MR)), Math.Min(NR, cols - (jp * NR)), load, null);
                    }
                }
            }
        }
    }
}
