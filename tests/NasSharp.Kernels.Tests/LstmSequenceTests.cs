namespace NasSharp.Kernels.Tests;

[Collection(nameof(ThreadCountSensitive))]
public class LstmSequenceTests
{
    [Fact]
    public void Forward_RowsSplitAcrossThreads_EqualsStepByStepLoop()
    {
        // 20 rows: one block with 1 thread, two blocks of 10 with 2; the step-by-step loop is the oracle.
        var (steps, geometry) = (4, new LstmGeometry(20, 24));
        var weight = TestData.Random(1, 4 * 24 * 24);
        var (hidden, cell) = (TestData.Random(2, geometry.StateLength), TestData.Random(3, geometry.StateLength));
        var input = TestData.Random(4, steps * geometry.GateLength);
        var expected = new float[2 * steps * geometry.StateLength];
        var expectedGates = (float[])input.Clone();
        var sl = geometry.StateLength;
        for (var t = 0; t < steps; t++)
        {
            var gates = expectedGates.AsSpan(t * geometry.GateLength, geometry.GateLength);
            Gemm.Multiply(new GemmLayout(20, 96, 24, TransposeB: true, Accumulate: true), t == 0 ? hidden : expected.AsSpan((t - 1) * sl, sl), weight, gates);
            LstmPointwise.Forward(geometry, gates, t == 0 ? cell : expected.AsSpan((steps + t - 1) * sl, sl), expected.AsSpan((steps + t) * sl, sl), expected.AsSpan(t * sl, sl));
        }

        var layout = new GemmLayout(20, 96, 24, TransposeB: true);
        var packed = new float[Gemm.PackedBLength(layout)];
        Gemm.PackB(layout, weight, packed);
        var saved = KernelParallel.ThreadCount;
        try
        {
            foreach (var threads in new[] { 1, 2 })
            {
                KernelParallel.ThreadCount = threads;
                var (gates, states) = ((float[])input.Clone(), new float[expected.Length]);
                LstmSequence.Forward(geometry, steps, packed, hidden, cell, gates, states);
                Assert.Equal(expected, states);
                Assert.Equal(expectedGates, gates);
            }
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    [Fact]
    public void Forward_WrongStateLength_ThrowsNamingLayouts()
    {
        var geometry = new LstmGeometry(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => LstmSequence.Forward(geometry, 2, new float[1024], new float[6], new float[6], new float[24], new float[23]));
        Assert.Contains("states 23", ex.Message);
    }
}
