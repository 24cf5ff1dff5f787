namespace NasSharp.Kernels.Tests;

[Collection(nameof(ThreadCountSensitive))]
public class LstmSequenceTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(13)]
    [InlineData(3)]
    public void Forward_RowsSplitIntoBlocksOnAnyThreads_EqualsStepByStepLoop(int batch)
    {
        // 20 rows: blocks of 8, 8 and 4 (the last on the four-row tile); 13: 8 and 5; 3: one block. The step-by-step loop
        // over the whole batch is the oracle.
        var (steps, geometry) = (4, new LstmGeometry(batch, 24));
        var weight = TestData.Random(1, 4 * 24 * 24);
        var (hidden, cell) = (TestData.Random(2, geometry.StateLength), TestData.Random(3, geometry.StateLength));
        var input = TestData.Random(4, steps * geometry.GateLength);
        var expected = new float[2 * steps * geometry.StateLength];
        var expectedGates = (float[])input.Clone();
        var sl = geometry.StateLength;
        for (var t = 0; t < steps; t++)
        {
            var gates = expectedGates.AsSpan(t * geometry.GateLength, geometry.GateLength);
            Gemm.Multiply(new GemmLayout(batch, 96, 24, TransposeB: true, Accumulate: true), t == 0 ? hidden : expected.AsSpan((t - 1) * sl, sl), weight, gates);
            LstmPointwise.Forward(geometry, gates, t == 0 ? cell : expected.AsSpan((steps + t - 1) * sl, sl), expected.AsSpan((steps + t) * sl, sl), expected.AsSpan(t * sl, sl));
        }

        var packed = Packed(new GemmLayout(batch, 96, 24, TransposeB: true), weight);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var (gates, states) = ((float[])input.Clone(), new float[expected.Length]);
            WithThreads(threads, () => LstmSequence.Forward(geometry, steps, packed, hidden, cell, gates, states));
            Assert.Equal(expected, states);
            Assert.Equal(expectedGates, gates);
        }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(13)]
    public void Backward_RowsSplitIntoBlocksOnAnyThreads_EqualsStepByStepLoop(int batch)
    {
        var (steps, h) = (3, 16);
        var geometry = new LstmGeometry(batch, h);
        var (sl, gl) = (geometry.StateLength, geometry.GateLength);
        var weight = TestData.Random(5, 4 * h * h);
        var (hidden, cell) = (TestData.Random(6, sl), TestData.Random(7, sl));
        var (gates, states) = (TestData.Random(8, steps * gl), new float[2 * steps * sl]);
        var packedForward = Packed(new GemmLayout(batch, 4 * h, h, TransposeB: true), weight);
        LstmSequence.Forward(geometry, steps, packedForward, hidden, cell, gates, states);
        var stateGrads = TestData.Random(9, states.Length);

        // Oracle: the reverse loop over the whole batch, one product per step.
        var (expectedGrads, expectedCarry, expectedCell) = (new float[steps * gl], new float[sl], new float[sl]);
        var (total, scratch) = (new float[sl], new float[2 * h]);
        for (var t = steps - 1; t >= 0; t--)
        {
            Elementwise.Add(stateGrads.AsSpan(t * sl, sl), expectedCarry, total);
            Elementwise.AddInPlace(expectedCell, stateGrads.AsSpan((steps + t) * sl, sl));
            var previousCell = t == 0 ? cell : states.AsSpan((steps + t - 1) * sl, sl);
            LstmPointwise.Backward(geometry, gates.AsSpan(t * gl, gl), previousCell, states.AsSpan((steps + t) * sl, sl), total, expectedCell, expectedGrads.AsSpan(t * gl, gl), scratch);
            Gemm.Multiply(new GemmLayout(batch, h, 4 * h), expectedGrads.AsSpan(t * gl, gl), weight, expectedCarry);
        }

        var packedBackward = Packed(new GemmLayout(batch, h, 4 * h), weight);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var (gateGrads, carry, cellGrad) = (new float[steps * gl], new float[sl], new float[sl]);
            WithThreads(threads, () => LstmSequence.Backward(geometry, steps, packedBackward, gates, cell, states, stateGrads, gateGrads, carry, cellGrad));
            Assert.Equal(expectedGrads, gateGrads);
            Assert.Equal(expectedCarry, carry);
            Assert.Equal(expectedCell, cellGrad);
        }
    }

    [Fact]
    public void Forward_WrongStateLength_ThrowsNamingLayouts()
    {
        var geometry = new LstmGeometry(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => LstmSequence.Forward(geometry, 2, new float[1024], new float[6], new float[6], new float[24], new float[23]));
        Assert.Contains("states 23", ex.Message);
    }

    private static float[] Packed(GemmLayout layout, float[] weight)
    {
        var packed = new float[Gemm.PackedBLength(layout)];
        Gemm.PackB(layout, weight, packed);
        return packed;
    }

    private static void WithThreads(int threads, Action run)
    {
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = threads;
            run();
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }
}
