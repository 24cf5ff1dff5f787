using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// How the depthwise weight gradient's walk (image by image, each image's planes of a block's channels in turn) is
/// split over threads, and how the blocks' tap totals join. A thread should read one run of memory: blocks that take
/// some of the channels of every image read a run then jump over the other blocks' planes, and such reads from memory
/// ran at under half the speed of one run through the tensors (session 26: 16 x 16 planes, one thread, blocks of 8 of
/// 16 channels 2.3x slower than one block of all 16). So with more than one thread the batch is split instead: a block
/// takes all channels of a range of images. The first block adds its images' chains to the running totals; the later
/// blocks keep theirs per image, and the totals take them in image order at the end, so every tap's total is the one
/// sum, in the one order, of a single walk (the results do not depend on the thread count). Those kept chains cost
/// memory (taps x 8 floats per plane), so the batch is split only where they are a quarter of the planes' floats or
/// less; elsewhere each thread takes a block of adjacent channels.
/// </summary>
internal readonly unsafe struct DepthwiseWeightBlocks
{
    private const int Lanes = DepthwisePlan.Lanes;

    private readonly Vector256<float>* totals;

    /// <summary>
    /// The split for <paramref name="threads"/> threads. Split by images, the totals and the kept chains are in the
    /// calling thread's <see cref="KernelScratch.Shared"/> (the totals zeroed here); split by channels, each block keeps
    /// its totals in its own thread's <see cref="KernelScratch.TapTotals"/> and adds them to dw itself (<see cref="Finish"/>).
    /// (Channel blocks writing their totals into the calling thread's buffer ran 5 x 5 kernels 0.75x from memory on
    /// two threads right after a batch-split case, session 26.)
    /// </summary>
    public DepthwiseWeightBlocks(Conv2dGeometry g, int threads)
    {
        G = g;
        Taps = g.KH * g.KW;
        ByImage = threads > 1 && g.N > 1 && 4L * Taps * Lanes <= (long)g.InPlane + g.OutPlane && SplitsByImage(g);
        Count = ByImage ? Math.Min(threads, g.N) : Math.Min(threads, g.Cout);
        FirstBlockEnd = ByImage ? Range(0, Count, g.N).End : g.N;
        if (!ByImage)
        {
            totals = null;
            return;
        }

        var running = (long)g.Cout * Taps;
        totals = (Vector256<float>*)KernelScratch.Get(KernelScratch.Shared, (running + ((g.N - FirstBlockEnd) * running)) * Lanes);
        Zero(totals, running);
    }

    public Conv2dGeometry G { get; }

    public int Taps { get; }

    /// <summary>Whether the blocks are ranges of images (all channels) rather than ranges of channels (all images).</summary>
    public bool ByImage { get; }

    /// <summary>Blocks: one per thread, at most one per image or channel.</summary>
    public int Count { get; }

    /// <summary>The end of the first block's images (the batch when the blocks are ranges of channels).</summary>
    public int FirstBlockEnd { get; }

    /// <summary>Block <paramref name="block"/>'s channels [First, End), images [FirstImage, EndImage), and where its chains go.</summary>
    public (int First, int End, int FirstImage, int EndImage, DepthwiseTapTotals Totals) Block(int block)
    {
        var running = (long)G.Cout * Taps;
        if (!ByImage)
        {
            var (first, end) = Range(block, Count, G.Cout);
            var own = (Vector256<float>*)KernelScratch.Get(KernelScratch.TapTotals, (long)(end - first) * Taps * Lanes);
            Zero(own, (long)(end - first) * Taps);
            return (first, end, 0, G.N, new DepthwiseTapTotals(own, end - first, Taps, 0, perImage: false));
        }

        var (firstImage, endImage) = Range(block, Count, G.N);
        var start = block == 0 ? totals : totals + running + ((firstImage - FirstBlockEnd) * running);
        return (0, G.Cout, firstImage, endImage, new DepthwiseTapTotals(start, G.Cout, Taps, firstImage, perImage: block > 0));
    }

    /// <summary>After block <paramref name="block"/>, on its thread: split by channels, dw[co, tap] += its totals' lanes.</summary>
    public void Finish(int block, float* dw)
    {
        if (ByImage)
        {
            return;
        }

        var (first, end) = Range(block, Count, G.Cout);
        var own = (Vector256<float>*)KernelScratch.Get(KernelScratch.TapTotals, (long)(end - first) * Taps * Lanes);
        AddLanes(own, dw + ((long)first * Taps), (long)(end - first) * Taps);
    }

    /// <summary>After every block, split by images: the later blocks' chains join the totals in image order, then dw[co, tap] += the totals' lanes.</summary>
    public void AddTo(float* dw)
    {
        if (!ByImage)
        {
            return;
        }

        var running = (long)G.Cout * Taps;
        for (var n = FirstBlockEnd; n < G.N; n++)
        {
            var chains = totals + running + ((n - FirstBlockEnd) * running);
            for (var i = 0; i < running; i++)
            {
                totals[i] += chains[i];
            }
        }

        AddLanes(totals, dw, running);
    }

    private static void Zero(Vector256<float>* sums, long count)
    {
        for (var i = 0; i < count; i++)
        {
            sums[i] = Vector256<float>.Zero;
        }
    }

    private static void AddLanes(Vector256<float>* sums, float* dw, long count)
    {
        for (var i = 0; i < count; i++)
        {
            dw[i] += Vector256.Sum(sums[i]);
        }
    }

    /// <summary>
    /// The paths whose blocks may take ranges of images: the staged one and the row-reuse one. The masked-rows and
    /// stride-2 register paths (rows of 14 and 7; stride 2 to odd rows) keep channel blocks: split by images, a 14 x 14
    /// 3x3 case ran the 5x5 case after it 0.75-0.80x on two threads (session 26: the runtime's profile-guided code for
    /// their shared walk followed the first case's profile; experiments/session26/batch-split-masked-rows-pgo.md).
    /// </summary>
    private static bool SplitsByImage(Conv2dGeometry g) =>
        !DepthwiseStrideTwoWeights.Applies(g) && (DepthwiseWeightRows.Applies(g) || !DepthwiseMaskedRowWeights.Applies(g));

    private static (int First, int End) Range(int block, int blocks, int items) => ((int)((long)block * items / blocks), (int)((long)(block + 1) * items / blocks));
}
