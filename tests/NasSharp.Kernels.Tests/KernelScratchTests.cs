namespace NasSharp.Kernels.Tests;

/// <summary>
/// The per-thread scratch buffers: whole pages of their own (no other buffer, of this thread or another, on the same
/// page), grown without shrinking, and freed once their thread has ended.
/// </summary>
public unsafe class KernelScratchTests
{
    private const int Page = KernelScratch.PageBytes;

    [Fact]
    public void A_slot_grows_to_whole_pages_and_never_shrinks()
    {
        var buffers = new KernelScratch.ThreadBuffers();
        try
        {
            var small = buffers.Get(KernelScratch.Staging, 10);
            Assert.Equal(0, (nint)small % Page);
            Assert.Equal(Page, buffers.HeldBytes);

            var grown = buffers.Get(KernelScratch.Staging, 5000); // 20,000 bytes: 5 pages
            Assert.Equal(0, (nint)grown % Page);
            Assert.Equal(5 * Page, buffers.HeldBytes);
            new Span<float>(grown, 5000).Fill(1f);

            Assert.Equal((nint)grown, (nint)buffers.Get(KernelScratch.Staging, 100));
            Assert.Equal(5 * Page, buffers.HeldBytes);

            // Growing a little asks for half as much again, so a slot creeping up is not reallocated call after call.
            buffers.Get(KernelScratch.Staging, 5200);
            Assert.Equal(8 * Page, buffers.HeldBytes);
        }
        finally
        {
            buffers.ReleaseAll();
        }

        Assert.Equal(0, buffers.HeldBytes);
    }

    [Fact]
    public void Every_slot_has_pages_of_its_own()
    {
        var buffers = new KernelScratch.ThreadBuffers();
        try
        {
            var ranges = new List<(nint Start, nint End)>();
            for (var slot = 0; slot < KernelScratch.SlotCount; slot++)
            {
                var floats = 100 + (slot * 3000);
                var start = (nint)buffers.Get(slot, floats);
                new Span<float>((void*)start, floats).Fill(slot);
                ranges.Add((start, start + (floats * sizeof(float))));
            }

            AssertNoSharedPage(ranges);
        }
        finally
        {
            buffers.ReleaseAll();
        }
    }

    [Fact]
    public void Two_threads_never_share_a_page()
    {
        var ranges = new List<(nint Start, nint End)>();
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (var slot = 0; slot < KernelScratch.SlotCount; slot++)
            {
                var floats = 1000 + (t * 7) + (slot * 500);
                var start = (nint)KernelScratch.Get(slot, floats);
                lock (ranges)
                {
                    ranges.Add((start, start + (floats * sizeof(float))));
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Equal(2 * KernelScratch.SlotCount, ranges.Count);
        AssertNoSharedPage(ranges);
    }

    private static void AssertNoSharedPage(List<(nint Start, nint End)> ranges)
    {
        var pages = ranges.Select(r => (First: r.Start / Page, Last: (r.End - 1) / Page)).OrderBy(p => p.First).ToList();
        for (var i = 1; i < pages.Count; i++)
        {
            Assert.True(pages[i].First > pages[i - 1].Last, $"buffers share page {pages[i].First:x}");
        }
    }
}
