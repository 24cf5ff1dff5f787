namespace NasSharp.Kernels;

/// <summary>
/// The time loop of one LSTM layer over a window (the recurrence cuDNN runs as one call): per step one small product
/// with the recurrent weight, packed once by the caller (<see cref="Gemm.PackB"/>), and one <see cref="LstmPointwise"/>
/// pass. The batch rows of an LSTM never mix, so the rows are split into blocks of <see cref="BlockRows"/> (one
/// micro-panel of the products; 20 rows make 8, 8 and 4, the last on the four-row tile) and every block runs the whole
/// window on its rows: one hand-off per window instead of one per step (waking a worker for each 20-row product cost
/// more than the product). One block per thread (two blocks of 10 rows with 2 threads) padded each block's 2-row
/// remainder to a full 8-row tile. A row's numbers do not depend on the split (every product element is the same
/// multiply-add chain over k whatever the rows around it), so results are bitwise identical for any thread count.
/// Layouts: gates [T, B, 4H] (i, f, g, o blocks), states [2, T, B, H] (h_1..h_T, then c_1..c_T), h_0 and c_0 [B, H].
/// </summary>
public static unsafe class LstmSequence
{
    /// <summary>Batch rows of a block (the last block takes the rest): one micro-panel of the products.</summary>
    public const int BlockRows = GemmMicroKernel.Rows;

    /// <summary>
    /// Effectively computes, for t = 1..T: gates[t] += h_{t-1} W_hh^T, then <see cref="LstmPointwise.Forward"/> from c_{t-1}
    /// to c_t and h_t in <paramref name="states"/>. <paramref name="packedWeight"/> is W_hh [4H, H] packed for
    /// GemmLayout(B, 4H, H, TransposeB: true); <paramref name="gates"/> holds x_t W_ih^T + biases on entry and the
    /// activations on return.
    /// </summary>
    public static void Forward(LstmGeometry geometry, int steps, ReadOnlySpan<float> packedWeight, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell, Span<float> gates, Span<float> states)
    {
        Validate(geometry, steps, hidden.Length, cell.Length, gates.Length, states.Length);
        fixed (float* pw = packedWeight, ph = hidden, pc = cell, pg = gates, ps = states)
        {
            var state = (W: (nint)pw, WLength: packedWeight.Length, H0: (nint)ph, C0: (nint)pc, G: (nint)pg, S: (nint)ps, Geometry: geometry, Steps: steps, Blocks: BlockCount(geometry.Batch));
            KernelParallel.For(state.Blocks, state, static (s, block) =>
            {
                var (r0, rows) = Rows(s.Geometry.Batch, s.Blocks, block);
                var (h, sl, gl) = (s.Geometry.Hidden, s.Geometry.StateLength, s.Geometry.GateLength);
                var sub = new LstmGeometry(rows, h);
                var weight = new ReadOnlySpan<float>((float*)s.W, s.WLength);
                var product = new GemmLayout(rows, 4 * h, h, TransposeB: true, Accumulate: true);
                for (var t = 0; t < s.Steps; t++)
                {
                    var previousHidden = t == 0 ? (float*)s.H0 + (r0 * h) : (float*)s.S + ((t - 1) * sl) + (r0 * h);
                    var previousCell = t == 0 ? (float*)s.C0 + (r0 * h) : (float*)s.S + ((s.Steps + t - 1) * sl) + (r0 * h);
                    var step = new Span<float>((float*)s.G + (t * gl) + (r0 * 4 * h), rows * 4 * h);
                    Gemm.MultiplyPackedB(product, new ReadOnlySpan<float>(previousHidden, rows * h), weight, step);
                    LstmPointwise.Forward(sub, step, new ReadOnlySpan<float>(previousCell, rows * h), new Span<float>((float*)s.S + ((s.Steps + t) * sl) + (r0 * h), rows * h), new Span<float>((float*)s.S + (t * sl) + (r0 * h), rows * h));
                }
            });
        }
    }

    /// <summary>
    /// Effectively computes the gradients of <see cref="Forward"/> in reverse time: from <paramref name="stateGrads"/>
    /// (dL/d states, [2, T, B, H]) the pre-activation gradients <paramref name="gateGrads"/> [T, B, 4H] (written), and
    /// dL/dh_0, dL/dc_0 written to <paramref name="hiddenGrad"/> and <paramref name="cellGrad"/>. <paramref name="packedWeight"/>
    /// is W_hh [4H, H] packed for GemmLayout(B, H, 4H) (dh_{t-1} = da_t W_hh); the weight gradient is the caller's.
    /// </summary>
    public static void Backward(LstmGeometry geometry, int steps, ReadOnlySpan<float> packedWeight, ReadOnlySpan<float> gates, ReadOnlySpan<float> cell, ReadOnlySpan<float> states, ReadOnlySpan<float> stateGrads, Span<float> gateGrads, Span<float> hiddenGrad, Span<float> cellGrad)
    {
        Validate(geometry, steps, hiddenGrad.Length, cell.Length, gates.Length, states.Length);
        Validate(geometry, steps, cellGrad.Length, cellGrad.Length, gateGrads.Length, stateGrads.Length);
        fixed (float* pw = packedWeight, pg = gates, pc = cell, ps = states, pds = stateGrads, pdg = gateGrads, pdh = hiddenGrad, pdc = cellGrad)
        {
            var state = (W: (nint)pw, WLength: packedWeight.Length, G: (nint)pg, C0: (nint)pc, S: (nint)ps, DS: (nint)pds, DG: (nint)pdg, DH: (nint)pdh, DC: (nint)pdc, Geometry: geometry, Steps: steps, Blocks: BlockCount(geometry.Batch));
            KernelParallel.For(state.Blocks, state, static (s, block) =>
            {
                var (r0, rows) = Rows(s.Geometry.Batch, s.Blocks, block);
                var (h, sl, gl) = (s.Geometry.Hidden, s.Geometry.StateLength, s.Geometry.GateLength);
                var sub = new LstmGeometry(rows, h);
                var weight = new ReadOnlySpan<float>((float*)s.W, s.WLength);
                var product = new GemmLayout(rows, h, 4 * h);

                // carry: dL/dh_t through step t + 1 (ends as dL/dh_0); dc: dL/dc_t (ends as dL/dc_0); total: carry + output gradient.
                var carry = new Span<float>((float*)s.DH + (r0 * h), rows * h);
                var dc = new Span<float>((float*)s.DC + (r0 * h), rows * h);
                var work = KernelScratch.Get(KernelScratch.Staging, (rows * h) + (2 * h));
                var total = new Span<float>(work, rows * h);
                var scratch = new Span<float>(work + (rows * h), 2 * h);
                carry.Clear();
                dc.Clear();
                for (var t = s.Steps - 1; t >= 0; t--)
                {
                    Elementwise.Add(new ReadOnlySpan<float>((float*)s.DS + (t * sl) + (r0 * h), rows * h), carry, total);
                    Elementwise.AddInPlace(dc, new ReadOnlySpan<float>((float*)s.DS + ((s.Steps + t) * sl) + (r0 * h), rows * h));
                    var previousCell = t == 0 ? (float*)s.C0 + (r0 * h) : (float*)s.S + ((s.Steps + t - 1) * sl) + (r0 * h);
                    var stepGrads = new Span<float>((float*)s.DG + (t * gl) + (r0 * 4 * h), rows * 4 * h);
                    var stepGates = new ReadOnlySpan<float>((float*)s.G + (t * gl) + (r0 * 4 * h), rows * 4 * h);
                    var nextCell = new ReadOnlySpan<float>((float*)s.S + ((s.Steps + t) * sl) + (r0 * h), rows * h);
                    LstmPointwise.Backward(sub, stepGates, new ReadOnlySpan<float>(previousCell, rows * h), nextCell, total, dc, stepGrads, scratch);
                    Gemm.MultiplyPackedB(product, stepGrads, weight, carry);
                }
            });
        }
    }

    /// <summary>Blocks of the batch, <see cref="BlockRows"/> rows each (results do not depend on it).</summary>
    private static int BlockCount(int batch) => KernelParallel.BlockCount(batch, BlockRows);

    private static (int First, int Count) Rows(int batch, int blocks, int block)
    {
        var first = block * BlockRows;
        return (first, Math.Min(BlockRows, batch - first));
    }

    private static void Validate(LstmGeometry geometry, int steps, int hidden, int cell, int gates, int states)
    {
        if (steps <= 0 || gates != (long)steps * geometry.GateLength || states != 2L * steps * geometry.StateLength || hidden != geometry.StateLength || cell != geometry.StateLength)
        {
            throw new ArgumentException($"LstmSequence: buffers (gates {gates}, states {states}, h0 {hidden}, c0 {cell}) do not match {steps} steps of {geometry} ([T, B, 4H], [2, T, B, H], [B, H]).");
        }
    }
}
