using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The weight (and bias) gradient of a convolution, dW_g[co, k] += sum_n sum_q dY[n, co, q] col_n[k, q],
/// as 4 x 4 tiles of dot products whose operands are both contiguous along q: dY rows, and the rows of
/// col read straight from a zero-padded copy of each image (stride 1; other strides read a materialised
/// im2col matrix through the same kernel). Images split into at most <see cref="MaxBlocks"/> fixed blocks,
/// each summing its images in order into its own partial gradient; partials are then added in block
/// order, so no sum ever depends on the thread count. A tile accumulates 16-lane vectors over several
/// images before one horizontal sum, which keeps small (8x8) planes efficient.
/// The dot-product kernels are in ConvolutionWeightGradient.Kernels.cs.
/// </summary>
internal static unsafe partial class ConvolutionWeightGradient
{
    /// <summary>Partial gradients (and blocks): fixed, not the thread count, so the summation order is too.</summary>
    private const int MaxBlocks = 8;

    private const int Tile = 4;

    /// <summary>Wide tiles: 8 output channels by 3 columns of col (a 3 x 3 kernel's row of taps).</summary>
    private const int WideRows = 8;

    private const int WideCols = 3;

    /// <summary>Distance between rows of a tile's sums (4 x 4 tiles, or 8 x 3).</summary>
    private const int SumStride = 4;

    /// <summary>Output positions a block stages and reduces at once (several small images, or one big one).</summary>
    private const int ChunkPositions = 1024;

    /// <summary>
    /// Images per chunk from which the output gradient is restaged when col rows are read in place (<see
    /// cref="Plan.RestageOutputGrad"/>): 8 x 8 outputs. The shifted-copy paths whose planes are not whole vectors (7 x 7,
    /// 14 x 14) restage any chunk of two or more images, each plane padded to whole vectors so that every dY load is
    /// aligned (session 32: 1.03-1.10x; restaged without the padding they gained nothing).
    /// </summary>
    private const int MinRestagedImages = 8;

    /// <summary>weightGrad += dW; biasGrad (null to skip) += sum of dY over images and positions.</summary>
    public static void Accumulate(Conv2dGeometry g, float* x, float* dy, float* weightGrad, float* biasGrad)
    {
        // Small planes: fewer, bigger blocks, so each block reduces a whole chunk of images at once.
        var blocks = Math.Clamp(KernelParallel.BlockCount(g.N, Math.Max(1, ChunkPositions / g.OutPlane)), 1, MaxBlocks);
        var plan = new Plan(g, blocks, biasGrad != null) { Input = (nint)x, OutputGrad = (nint)dy };
        var perBlock = plan.PartialFloats;
        var shared = KernelScratch.Get(KernelScratch.Shared, ((long)plan.Blocks * perBlock) + plan.K);
        var offsets = (int*)(shared + ((long)plan.Blocks * perBlock));
        plan.FillOffsets(offsets);
        // Fewer blocks than threads (8 x 8 or 7 x 7 planes of a batch of 16 make one block): each block's output channels
        // are split between parts too. A part owns whole rows of the block's partial gradient, each element keeps its one
        // chain over the block's images, so the split (which follows the thread count) changes no bit.
        var parts = g.Groups == 1 && plan.Blocks < KernelParallel.ThreadCount
            ? Math.Min(plan.RowBlocksPerGroup, (KernelParallel.ThreadCount + plan.Blocks - 1) / plan.Blocks)
            : 1;
        KernelParallel.For(plan.Blocks * parts, plan with { Partials = (nint)shared, Offsets = (nint)offsets, Parts = parts }, static (p, item) =>
        {
            var (block, part) = Math.DivRem(item, p.Parts);
            Block(p, block, part * p.RowBlocksPerGroup / p.Parts, (part + 1) * p.RowBlocksPerGroup / p.Parts);
        });
        for (var b = 0; b < plan.Blocks; b++)
        {
            var partial = shared + ((long)b * perBlock);
            var gradient = new Span<float>(weightGrad, g.WeightLength);
            TensorPrimitives.Add(gradient, new ReadOnlySpan<float>(partial, g.WeightLength), gradient);
            if (biasGrad != null)
            {
                var biasGradient = new Span<float>(biasGrad, g.Cout);
                TensorPrimitives.Add(biasGradient, new ReadOnlySpan<float>(partial + g.WeightLength, g.Cout), biasGradient);
            }
        }
    }

    /// <summary>
    /// Images [n0, n1) of one block, a chunk of images at a time, into the block's partial gradient: the output channels of
    /// tile row blocks [<paramref name="rowBlock0"/>, <paramref name="rowBlock1"/>) of each group (the bias with the first).
    /// </summary>
    private static void Block(Plan p, int block, int rowBlock0, int rowBlock1)
    {
        var g = p.Geometry;
        var (n0, n1) = (block * g.N / p.Blocks, (block + 1) * g.N / p.Blocks);
        var partial = (float*)p.Partials + ((long)block * p.PartialFloats);
        var chunk = Math.Clamp(ChunkPositions / g.OutPlane, 1, n1 - n0);
        var restaged = (p.Direct && chunk >= MinRestagedImages) || (p.Shifted && p.PaddedDyPlane != g.OutPlane && chunk > 1);
        // Restaged planes of 7 x 7 and 14 x 14 outputs start on 64-byte boundaries, so every dY vector load is aligned; with
        // the tails transposed apart, a plane holds only its whole vectors (48 of 49 floats at 7 x 7, where padding to 64
        // made the tile's 20 images of 8 planes overflow the L1 cache together with the col rows).
        var transposing = restaged && p.TailPositions > 0 && Avx2.IsSupported;
        p = restaged ? p with { DyPlane = transposing ? g.OutPlane - p.TailPositions : p.PaddedDyPlane } : p;
        var stagedFloats = p.NeedsStaging ? AlignedFloats(((long)chunk * p.StagedImage) + ShiftedRows.Slack) : 0;
        var scratch = p.NeedsStaging || restaged
            ? KernelScratch.Get(KernelScratch.Staging, stagedFloats + (restaged ? (long)chunk * (p.RestagedImage + (transposing ? p.TransposedTailImage : 0)) : 0))
            : null;
        var staged = p.NeedsStaging ? scratch : null;
        var restagedOutputGrad = restaged ? scratch + stagedFloats : null;
        var transposedTails = transposing ? restagedOutputGrad + ((long)chunk * p.RestagedImage) : null;
        var sums = stackalloc float[WideRows * SumStride];
        var rowsPerImage = p.RowCount * (1 + (p.RowLength / 16));
        var segmentInts = KernelScratch.Get(KernelScratch.Panel, (long)chunk * rowsPerImage * 5);
        for (var c0 = n0; c0 < n1; c0 += chunk)
        {
            var images = Math.Min(chunk, n1 - c0);
            var input = (float*)p.Input + ((long)c0 * g.Cin * g.InPlane);
            for (var i = 0; i < images && p.NeedsStaging; i++)
            {
                p.Stage(input + ((long)i * g.Cin * g.InPlane), staged + ((long)i * p.StagedImage));
            }

            var source = p.NeedsStaging ? staged : input;
            var dyChunk = (float*)p.OutputGrad + ((long)c0 * g.Cout * g.OutPlane);
            if (restaged)
            {
                p.RestageOutputGrad(dyChunk, images, restagedOutputGrad, transposedTails, rowBlock0, rowBlock1);
            }

            var vectors = (int*)segmentInts;
            var tails = vectors + ((long)chunk * rowsPerImage * 2);
            var (vectorCount, tailCount) = BuildSegments(p, images, restaged ? p.TileRows * p.DyPlane : g.Cout * g.OutPlane, vectors, tails);
            var segments = new Segments((nint)vectors, vectorCount, (nint)tails, tailCount);

            // The block's next chunk of images (input and output gradient), spread over this chunk's tiles.
            var nextImages = Math.Min(chunk, n1 - c0 - images);
            var ahead = nextImages <= 0 ? default : new SpreadPrefetch(
                input + ((long)images * g.Cin * g.InPlane), (long)nextImages * g.Cin * g.InPlane,
                dyChunk + ((long)images * g.Cout * g.OutPlane), (long)nextImages * g.Cout * g.OutPlane, p.TilesPerChunk);
            for (var group = 0; group < g.Groups; group++)
            {
                var xGroup = source + ((long)group * p.StagedGroup);
                var wGroup = partial + ((long)group * g.OutPerGroup * p.K);
                if (p.Wide)
                {
                    for (var co = rowBlock0 * WideRows; co < Math.Min(g.OutPerGroup, rowBlock1 * WideRows); co += WideRows)
                    {
                        var dyRows = TileOutputGrad(p, dyChunk, restagedOutputGrad, images, group, co);
                        var tileTails = TileTransposedTails(p, transposedTails, images, group, co);
                        for (var k = 0; k < p.K; k += WideCols)
                        {
                            var cols = Math.Min(WideCols, p.K - k);
                            ahead.Step();
                            DotWideTile(p, dyRows, tileTails, xGroup, (int*)p.Offsets + k, cols, segments, sums);
                            Store(sums, WideRows, cols, wGroup + ((long)co * p.K) + k, p.K, c0 == n0);
                        }
                    }

                    continue;
                }

                for (var co = rowBlock0 * Tile; co < Math.Min(g.OutPerGroup, rowBlock1 * Tile); co += Tile)
                {
                    var rows = Math.Min(Tile, g.OutPerGroup - co);
                    var dyRows = TileOutputGrad(p, dyChunk, restagedOutputGrad, images, group, co);
                    var tileTails = TileTransposedTails(p, transposedTails, images, group, co);
                    for (var k = 0; k < p.K; k += Tile)
                    {
                        var cols = Math.Min(Tile, p.K - k);
                        ahead.Step();
                        DotTile(p, dyRows, tileTails, rows, xGroup, (int*)p.Offsets + k, cols, segments, sums);
                        Store(sums, rows, cols, wGroup + ((long)co * p.K) + k, p.K, c0 == n0);
                    }
                }
            }

            if (p.HasBias && rowBlock0 == 0)
            {
                SumBias(g, dyChunk, images, partial + g.WeightLength, c0 == n0);
            }
        }
    }

    /// <summary>
    /// Where a tile's first output-gradient row (group, output channel <paramref name="co"/>) starts for the segments' dY
    /// offsets: in the chunk itself, or in its restaged copy (one run of <see cref="Plan.TileRows"/> planes per image for
    /// each tile row block; see <see cref="Plan.RestageOutputGrad"/>).
    /// </summary>
    private static float* TileOutputGrad(Plan p, float* dyChunk, float* restaged, int images, int group, int co)
    {
        var g = p.Geometry;
        if (restaged == null)
        {
            return dyChunk + ((((long)group * g.OutPerGroup) + co) * g.OutPlane);
        }

        var rowBlock = ((long)group * p.RowBlocksPerGroup) + (co / p.TileRows);
        return restaged + (rowBlock * images * p.TileRows * p.DyPlane);
    }

    /// <summary>
    /// Where a tile's transposed tails start ([group, row block][image][tail position][TileRows]; see <see
    /// cref="Plan.RestageOutputGrad"/>), or null when the chunk was not transposed.
    /// </summary>
    private static float* TileTransposedTails(Plan p, float* transposed, int images, int group, int co)
    {
        if (transposed == null)
        {
            return null;
        }

        var rowBlock = ((long)group * p.RowBlocksPerGroup) + (co / p.TileRows);
        return transposed + (rowBlock * images * p.TailPositions * p.TileRows);
    }

    private static long AlignedFloats(long floats) => (floats + 15) & ~15L;

    private static void Store(float* sums, int rows, int cols, float* target, int stride, bool first)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = target + (r * stride);
            var rowSums = sums + (r * SumStride);
            if (first)
            {
                for (var c = 0; c < cols; c++)
                {
                    row[c] = rowSums[c];
                }

                continue;
            }

            for (var c = 0; c < cols; c++)
            {
                row[c] += rowSums[c];
            }
        }
    }

    /// <summary>bias[co] (=|+=) the sum of dY[n, co] over the chunk's images, in image order.</summary>
    private static void SumBias(Conv2dGeometry g, float* dy, int images, float* bias, bool first)
    {
        for (var co = 0; co < g.Cout; co++)
        {
            var sum = first ? 0f : bias[co];
            for (var i = 0; i < images; i++)
            {
                sum += TensorPrimitives.Sum(new ReadOnlySpan<float>(dy + ((((long)i * g.Cout) + co) * g.OutPlane), g.OutPlane));
            }

            bias[co] = sum;
        }
    }

    /// <summary>
    /// The chunk's walk over col as (dY offset, col offset) pairs: 16-position vector segments (two
    /// 8-position rows per segment when rows are 8 long), then scalar tails (dY offset, col offset, length).
    /// </summary>
    private static (int Vectors, int Tails) BuildSegments(Plan p, int images, int dyImageStride, int* vectors, int* tails)
    {
        var (length, rowStride, rowCount) = (p.RowLength, p.RowStride, p.RowCount);
        var paired = p.Paired;
        var (v, t) = (0, 0);
        for (var i = 0; i < images; i++)
        {
            var (dyImage, xImage) = (i * dyImageStride, i * p.StagedImage);
            for (var row = 0; row < rowCount; row++)
            {
                var (dyRow, xRow) = (dyImage + (row * length), xImage + (row * rowStride));
                if (paired && row + 1 < rowCount)
                {
                    (vectors[2 * v], vectors[(2 * v) + 1]) = (dyRow, xRow);
                    (v, row) = (v + 1, row + 1);
                    continue;
                }

                var u = 0;
                for (; !paired && u + 16 <= length; u += 16)
                {
                    (vectors[2 * v], vectors[(2 * v) + 1]) = (dyRow + u, xRow + u);
                    v++;
                }

                if (u < length)
                {
                    (tails[3 * t], tails[(3 * t) + 1], tails[(3 * t) + 2]) = (dyRow + u, xRow + u, length - u);
                    t++;
                }
            }
        }

        return (v, t);
    }

    /// <summary>
    /// One weight-gradient call: how images are staged and how the kernel walks a row of col. Stride 1 with
    /// rows of whole vectors reads col rows as shifted rows of the zero-padded image (no staging at all
    /// without padding); other strides and row widths stage each group's im2col matrix and read it as one
    /// long row per image.
    /// </summary>
    private readonly record struct Plan
    {
        public Plan(Conv2dGeometry g, int blocks, bool hasBias)
        {
            (Geometry, Blocks, HasBias, DyPlane) = (g, blocks, hasBias, g.OutPlane);
            // Rows that are not whole 16-lane vectors (28, 14, 7 wide: MNIST-sized planes) would leave most of
            // each row to the scalar tail loop, 10-30x slower; im2col turns the plane into one long row instead. At
            // stride 1 the same long rows are runs of the image's KW shifted copies (ShiftedRows), a third of the
            // im2col matrix with a 3 x 3 kernel; a 1x1 kernel without padding reads the input itself.
            // Stride 2 (without dilation) reads the same way from the padded image split into its 2 x 2 phases: output
            // (oh, ow) of tap (kh, kw) reads padded row 2 oh + kh, column 2 ow + kw, which is row oh + kh / 2, column
            // ow + kw / 2 of phase (kh mod 2, kw mod 2): contiguous in ow, as at stride 1.
            Direct = (g.Stride == 1 || (g.Stride == 2 && g.Dilation == 1)) && (g.OutW % 16 == 0 || g.OutW == 8);
            var phases = Direct ? g.Stride : 1;
            PhaseH = (g.H + (2 * g.Padding) + phases - 1) / phases;
            PaddedW = (g.W + (2 * g.Padding) + phases - 1) / phases;
            Shifted = !Direct && g.Stride == 1 && ShiftedRows.IsSupported;
            ShiftedPlane = ShiftedRows.PlaneFloats(g.H, g.Padding, g.OutW);
            StagedGroup = Direct ? g.InPerGroup * phases * phases * PhaseH * PaddedW
                : Shifted ? g.KW * g.InPerGroup * ShiftedPlane
                : g.ColumnRows * g.OutPlane;
            (RowLength, RowStride, RowCount) = Direct ? (g.OutW, PaddedW, g.OutH) : (g.OutPlane, g.OutPlane, 1);
        }

        public Conv2dGeometry Geometry { get; }

        public int Blocks { get; }

        public bool HasBias { get; }

        /// <summary>
        /// Tiles of 8 output channels by 3 columns (the last column tile may hold 1 or 2) when the output channels fill
        /// them exactly, else 4 x 4.
        /// </summary>
        public bool Wide => Geometry.OutPerGroup % WideRows == 0;

        /// <summary>Dot-product tiles per chunk of images (every group's).</summary>
        public int TilesPerChunk => Wide
            ? Geometry.Groups * (Geometry.OutPerGroup / WideRows) * ((K + WideCols - 1) / WideCols)
            : Geometry.Groups * ((Geometry.OutPerGroup + Tile - 1) / Tile) * ((K + Tile - 1) / Tile);

        /// <summary>Stride 1 (or 2): col rows are read from the (padded) image itself (or its phases).</summary>
        public bool Direct { get; }

        /// <summary>Stride 1 with other row widths: col rows are runs of the image's shifted copies (one long row per image).</summary>
        public bool Shifted { get; }

        /// <summary>One channel's plane in a shifted copy.</summary>
        public int ShiftedPlane { get; }

        public bool NeedsStaging => Shifted ? Geometry.Padding > 0 || Geometry.KW > 1 : !Direct || Geometry.Padding > 0 || Geometry.Stride > 1;

        /// <summary>Rows of one staged plane: the padded image's, or a phase's at stride 2.</summary>
        public int PhaseH { get; }

        /// <summary>Rows of 8 positions: the kernel reads two rows per vector.</summary>
        public bool Paired => Direct && RowLength == 8;

        /// <summary>Width of one staged plane: the padded image's, or a phase's at stride 2.</summary>
        public int PaddedW { get; }

        /// <summary>Floats of one group's staged input (padded planes, their phases, or the im2col matrix).</summary>
        public int StagedGroup { get; }

        public int StagedImage => Geometry.Groups * StagedGroup;

        /// <summary>Positions per row of col as the kernel walks it, the distance between rows, and rows per image.</summary>
        public int RowLength { get; }

        public int RowStride { get; }

        public int RowCount { get; }

        public int K => Geometry.ColumnRows;

        /// <summary>Output channels of one tile (8 for the wide tiles, else 4).</summary>
        public int TileRows => Wide ? WideRows : Tile;

        /// <summary>Tiles' row blocks in one group (the last may hold fewer valid rows).</summary>
        public int RowBlocksPerGroup => (Geometry.OutPerGroup + TileRows - 1) / TileRows;

        /// <summary>Floats of one image's restaged output gradient (every row block padded to <see cref="TileRows"/> planes of <see cref="DyPlane"/>).</summary>
        public int RestagedImage => Geometry.Groups * RowBlocksPerGroup * TileRows * DyPlane;

        /// <summary>
        /// Distance between the output-gradient planes the dot products read: OutPlane; once restaged, <see
        /// cref="PaddedDyPlane"/>, or a plane's whole vectors only when its tails are transposed apart.
        /// </summary>
        public int DyPlane { get; init; }

        /// <summary>A restaged output-gradient plane: OutPlane rounded up to whole 16-float vectors.</summary>
        public int PaddedDyPlane => (int)AlignedFloats(Geometry.OutPlane);

        /// <summary>
        /// Positions of each image past its whole 16-position vectors, which the dot products leave to the scalar tails (the
        /// shifted copies' one long row per image: 1 at 7 x 7, 4 at 14 x 14); 0 on the other paths.
        /// </summary>
        public int TailPositions => Shifted ? Geometry.OutPlane % 16 : 0;

        /// <summary>Floats of one image's transposed tails: for every row block and tail position, the block's <see cref="TileRows"/> values.</summary>
        public int TransposedTailImage => Geometry.Groups * RowBlocksPerGroup * TailPositions * TileRows;

        /// <summary>
        /// Copies a chunk's output gradient so that each tile row block's planes are one run over the chunk's images
        /// ([group, row block][image][TileRows planes]). In the tensor, a block's planes of consecutive images lie
        /// Cout x OutPlane floats apart, a multiple of 4 KB at power-of-two shapes, so the chunk's 8 x 8 images (16 of
        /// them) fell into the same sets of the 12-way L1 cache and evicted each other; in one run they spread over all
        /// sets. The values and the order they are summed in are unchanged.
        /// With <paramref name="transposedTails"/> (the shifted copies' planes of 7 x 7, 14 x 14, ... positions), the scalar tail
        /// positions of each image are also written transposed, [group, row block][image][tail position][TileRows]: the tile's
        /// rows at one position are one run, loaded as a vector where the tails gathered them, once per column tile (session
        /// 33). Rows past the last valid one repeat it, as the tiles' own rows do.
        /// </summary>
        public void RestageOutputGrad(float* dyChunk, int images, float* target, float* transposedTails, int rowBlock0, int rowBlock1)
        {
            var g = Geometry;
            var rows = TileRows;
            var plane = g.OutPlane;
            for (var group = 0; group < g.Groups; group++)
            {
                for (var block = rowBlock0; block < rowBlock1; block++)
                {
                    var co = block * rows;
                    var valid = Math.Min(rows, g.OutPerGroup - co);
                    var run = target + ((((long)group * RowBlocksPerGroup) + block) * images * rows * DyPlane);
                    for (var i = 0; i < images; i++)
                    {
                        var source = dyChunk + ((((long)i * g.Cout) + ((long)group * g.OutPerGroup) + co) * plane);
                        if (DyPlane == plane)
                        {
                            VectorLoops.Copy(source, run + ((long)i * rows * plane), valid * plane);
                            continue;
                        }

                        for (var r = 0; r < valid; r++)
                        {
                            VectorLoops.Copy(source + ((long)r * plane), run + ((((long)i * rows) + r) * DyPlane), Math.Min(plane, DyPlane));
                        }

                        if (transposedTails != null)
                        {
                            var tails = transposedTails + ((((((long)group * RowBlocksPerGroup) + block) * images) + i) * TailPositions * rows);
                            var first = plane - TailPositions;
                            for (var j = 0; j < TailPositions; j++)
                            {
                                for (var r = 0; r < rows; r++)
                                {
                                    tails[(j * rows) + r] = source[((long)Math.Min(r, valid - 1) * plane) + first + j];
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Parts each block's output channels are split into (whole tile row blocks of every group).</summary>
        public int Parts { get; init; }

        /// <summary>A block's partial weight gradient, then its partial bias gradient.</summary>
        public int PartialFloats => Geometry.WeightLength + Geometry.Cout;

        public nint Input { get; init; }

        public nint OutputGrad { get; init; }

        public nint Partials { get; init; }

        public nint Offsets { get; init; }

        /// <summary>offsets[k]: where row k of col starts in a staged group (position 0 of its first row).</summary>
        public void FillOffsets(int* offsets)
        {
            var g = Geometry;
            var s = g.Stride;
            var plane = PhaseH * PaddedW;
            for (var k = 0; k < K; k++)
            {
                var (c, tap) = Math.DivRem(k, g.KH * g.KW);
                var (kh, kw) = Math.DivRem(tap, g.KW);
                var (row, column) = (kh * g.Dilation, kw * g.Dilation);
                var phase = ((row % s) * s) + (column % s);
                offsets[k] = Direct ? (((c * s * s) + phase) * plane) + (row / s * PaddedW) + (column / s)
                    : Shifted ? ShiftedRows.Offset(c, row, kw, g.OutW, ShiftedPlane, g.InPerGroup * ShiftedPlane)
                    : k * g.OutPlane;
            }
        }

        /// <summary>Stages one image: every input plane with Padding zeros around it, its shifted copies, or every group's im2col matrix.</summary>
        public void Stage(float* image, float* target)
        {
            var g = Geometry;
            if (Shifted)
            {
                for (var group = 0; group < g.Groups; group++)
                {
                    ShiftedRows.Stage(image + ((long)group * g.InPerGroup * g.InPlane), g.InPerGroup, g.H, g.W, g.KW, g.Dilation, g.Padding, g.Padding, g.OutW, target + ((long)group * StagedGroup));
                }

                return;
            }

            if (!Direct)
            {
                for (var group = 0; group < g.Groups; group++)
                {
                    var groupInput = new ReadOnlySpan<float>(image + ((long)group * g.InPerGroup * g.InPlane), g.InPerGroup * g.InPlane);
                    Im2Col.Expand(g, groupInput, new Span<float>(target + ((long)group * StagedGroup), StagedGroup));
                }

                return;
            }

            if (g.Stride > 1)
            {
                StagePhases(image, target);
                return;
            }

            var pad = g.Padding;
            var plane = (g.H + (2 * pad)) * PaddedW;
            for (var c = 0; c < g.Cin; c++)
            {
                var dst = target + ((long)c * plane);
                new Span<float>(dst, pad * PaddedW).Clear();
                // Short rows: inline stores, not three library calls per row.
                for (var h = 0; h < g.H; h++)
                {
                    var row = dst + ((pad + h) * PaddedW);
                    for (var i = 0; i < pad; i++)
                    {
                        row[i] = 0f;
                        row[pad + g.W + i] = 0f;
                    }

                    VectorLoops.Copy(image + ((((long)c * g.H) + h) * g.W), row + pad, g.W);
                }

                new Span<float>(dst + ((pad + g.H) * PaddedW), pad * PaddedW).Clear();
            }
        }

        /// <summary>
        /// Every input plane, zero-padded, as its 2 x 2 phases: phase (a, b)[i, j] = padded[2 i + a, 2 j + b]. Each padded
        /// row goes through a zeroed row buffer once, and its even and odd columns are taken 16 at a time with one permute.
        /// </summary>
        private void StagePhases(float* image, float* target)
        {
            var g = Geometry;
            var (pad, plane, width) = (g.Padding, PhaseH * PaddedW, PaddedW);
            var buffer = stackalloc float[(2 * width) + 32];
            new Span<float>(buffer, (2 * width) + 32).Clear();
            var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var odd = even + Vector512<int>.One;
            for (var c = 0; c < g.Cin; c++)
            {
                var source = image + ((long)c * g.InPlane);
                for (var r = 0; r < 2 * PhaseH; r++)
                {
                    var (i, a) = Math.DivRem(r, 2);
                    var h = r - pad;
                    var inside = h >= 0 && h < g.H;
                    if (inside)
                    {
                        new ReadOnlySpan<float>(source + (h * g.W), g.W).CopyTo(new Span<float>(buffer + pad, g.W));
                    }

                    for (var b = 0; b < 2; b++)
                    {
                        var row = target + ((((long)c * 4) + (a * 2) + b) * plane) + (i * width);
                        if (!inside)
                        {
                            new Span<float>(row, width).Clear();
                            continue;
                        }

                        var j = 0;
                        for (; Avx512F.IsSupported && j + 16 <= width; j += 16)
                        {
                            Avx512F.PermuteVar16x32x2(Vector512.Load(buffer + (2 * j)), b == 0 ? even : odd, Vector512.Load(buffer + (2 * j) + 16)).Store(row + j);
                        }

                        for (; j < width; j++)
                        {
                            row[j] = buffer[(2 * j) + b];
                        }
                    }

                    // Columns past the image stay zero: only [pad, pad + W) of the buffer is ever written.
                }
            }
        }
    }
}
