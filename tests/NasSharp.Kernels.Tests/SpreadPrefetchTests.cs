using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// <see cref="SpreadPrefetch"/> asks for every line of its ranges, in address order, within the planned number of steps,
/// and never beyond a range's end (prefetches change no value, so coverage is what can go wrong).
/// </summary>
public unsafe class SpreadPrefetchTests
{
    [Theory]
    [InlineData(16384, 0, 32)]      // a 16-channel 32 x 32 image over its 32 column panels
    [InlineData(1000, 3000, 7)]     // two ranges, neither a whole number of lines, steps not dividing the lines
    [InlineData(20, 40, 100)]       // more steps than lines
    [InlineData(4096, 4096, 1)]     // everything in one step
    public void Steps_CoverBothRangesInOrder_WithinThePlannedSteps(int aFloats, int bFloats, int steps)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var a = new float[aFloats];
        var b = new float[Math.Max(bFloats, 1)];
        fixed (float* pa = a, pb = b)
        {
            var ahead = new SpreadPrefetch(pa, aFloats, bFloats == 0 ? null : pb, bFloats, steps);
            var lines = ((aFloats + 15) / 16) + ((bFloats + 15) / 16);
            Assert.Equal(lines, ahead.LinesLeft);
            var perStep = (lines + steps - 1) / steps;
            var expectedNext = (nint)pa;
            for (var step = 0; step < steps; step++)
            {
                Assert.Equal(expectedNext, (nint)ahead.Next);
                var before = ahead.LinesLeft;
                ahead.Step();
                var issued = before - ahead.LinesLeft;
                Assert.Equal(Math.Min(perStep, before), issued);
                // Where the next line should be: on in the first range, or as far into the second as the lines left say.
                var doneInA = Math.Min(lines - ahead.LinesLeft, (aFloats + 15) / 16);
                var doneInB = lines - ahead.LinesLeft - doneInA;
                expectedNext = ahead.LinesLeft == 0 ? 0 : doneInA < (aFloats + 15) / 16 ? (nint)(pa + (doneInA * 16)) : (nint)(pb + (doneInB * 16));
            }

            Assert.Equal(0, ahead.LinesLeft);
            Assert.Equal(0, (nint)ahead.Next);
        }
    }

    [Fact]
    public void NoRanges_AskForNothing()
    {
        var ahead = new SpreadPrefetch(null, 100, null, 100, 4);
        Assert.Equal(0, ahead.LinesLeft);
        ahead.Step();
        Assert.Equal(0, ahead.LinesLeft);
    }
}
