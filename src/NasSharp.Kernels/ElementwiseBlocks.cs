namespace NasSharp.Kernels;

/// <summary>
/// Splits an elementwise loop over [0, length) into fixed blocks of <see cref="BlockLength"/> elements on
/// <see cref="KernelParallel"/>. Every element is computed by the same loop whatever thread runs its block, so results
/// are bitwise the same for any thread count. Memory-bound loops on the 4 MB tensors of a NAS-Bench-201 step were
/// single-threaded before; a second core adds its own L2 and its own share of L3 bandwidth (ggml splits its
/// elementwise rows across threads the same way).
/// </summary>
internal static class ElementwiseBlocks
{
    /// <summary>64 KB of floats: big enough to amortise the hand-off to a worker, small enough to balance two cores.</summary>
    public const int BlockLength = 1 << 14;

    /// <summary>True when the loop is long enough to split (shorter ones run inline, as before).</summary>
    public static bool Worth(int length) => length >= 2 * BlockLength && KernelParallel.ThreadCount > 1;

    /// <summary>Calls <paramref name="body"/>(state, start, count) for every block of [0, length).</summary>
    public static void For<TState>(int length, TState state, Action<TState, int, int> body)
    {
        KernelParallel.For(KernelParallel.BlockCount(length, BlockLength), (State: state, Length: length, Body: body), static (s, b) =>
        {
            var start = b * BlockLength;
            s.Body(s.State, start, Math.Min(BlockLength, s.Length - start));
        });
    }

    /// <summary>
    /// Calls <paramref name="body"/>(state, firstRow, rowCount) over [0, rows) in fixed blocks of whole rows of
    /// <paramref name="rowLength"/> elements (about <see cref="BlockLength"/> elements a block), for the copy kernels
    /// whose work is a list of rows (slicing, concatenation, channel shuffle); short jobs run inline in one call.
    /// </summary>
    public static void ForRows<TState>(int rows, int rowLength, TState state, Action<TState, int, int> body)
    {
        if (rows < 2 || !Worth(rows * rowLength))
        {
            body(state, 0, rows);
            return;
        }

        var perBlock = Math.Max(1, BlockLength / Math.Max(1, rowLength));
        KernelParallel.For(KernelParallel.BlockCount(rows, perBlock), (State: state, Rows: rows, PerBlock: perBlock, Body: body), static (s, b) =>
        {
            var first = b * s.PerBlock;
            s.Body(s.State, first, Math.Min(s.PerBlock, s.Rows - first));
        });
    }

    /// <summary>
    /// Calls <paramref name="body"/>(state, item) for every item of [0, items), whole items of about
    /// <paramref name="itemLength"/> elements each in blocks of about <see cref="BlockLength"/> elements (pooling planes:
    /// one block per 8 x 8 plane cost more in hand-offs between the cores than the plane's own work).
    /// </summary>
    public static void ForEach<TState>(int items, int itemLength, TState state, Action<TState, int> body) =>
        ForRows(items, itemLength, (State: state, Body: body), static (s, first, count) =>
        {
            for (var i = first; i < first + count; i++)
            {
                s.Body(s.State, i);
            }
        });
}
