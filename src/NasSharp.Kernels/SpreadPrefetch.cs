using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Software prefetch of the next piece of a kernel's work (up to two contiguous ranges, such as the next images'
/// inputs and output gradients), spread evenly over a known number of steps of the current piece, in address order.
/// A convolution reads an image as one short run per channel, a plane apart; the hardware prefetcher follows only a
/// few such runs, each up to its 4 KB page, so without this the first lines of every run wait for memory. Lines go to
/// the second-level cache (Intel 64 and IA-32 Architectures Optimization Reference Manual, "Software Prefetch"). It
/// changes no value; where the instruction does not exist it does nothing.
/// </summary>
internal unsafe struct SpreadPrefetch
{
    private const int LineFloats = 16;

    private readonly long linesPerStep;
    private float* first;
    private long firstLines;
    private float* second;
    private long secondLines;

    /// <summary>Plans the ranges [a, a + aFloats) and [b, b + bFloats) (either may be null or empty) over <paramref name="steps"/> calls of <see cref="Step"/>.</summary>
    public SpreadPrefetch(float* a, long aFloats, float* b, long bFloats, int steps)
    {
        first = a;
        firstLines = Sse.IsSupported && a != null ? (aFloats + LineFloats - 1) / LineFloats : 0;
        second = b;
        secondLines = Sse.IsSupported && b != null ? (bFloats + LineFloats - 1) / LineFloats : 0;
        linesPerStep = (firstLines + secondLines + Math.Max(steps, 1) - 1) / Math.Max(steps, 1);
    }

    /// <summary>Lines not asked for yet (all of both ranges at the start, none once the steps are done).</summary>
    public readonly long LinesLeft => firstLines + secondLines;

    /// <summary>Where the next line asked for starts (the first range's, then the second's; null when none is left).</summary>
    public readonly float* Next => firstLines > 0 ? first : secondLines > 0 ? second : null;

    /// <summary>Asks for the next share of lines.</summary>
    public void Step()
    {
        var fromFirst = Math.Min(linesPerStep, firstLines);
        for (var i = 0L; i < fromFirst; i++)
        {
            Sse.Prefetch1(first + (i * LineFloats));
        }

        first += fromFirst * LineFloats;
        firstLines -= fromFirst;
        var fromSecond = Math.Min(linesPerStep - fromFirst, secondLines);
        for (var i = 0L; i < fromSecond; i++)
        {
            Sse.Prefetch1(second + (i * LineFloats));
        }

        second += fromSecond * LineFloats;
        secondLines -= fromSecond;
    }
}
