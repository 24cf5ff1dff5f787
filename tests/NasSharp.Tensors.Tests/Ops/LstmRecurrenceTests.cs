using NasSharp.Kernels;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

[Collection(NasSharp.Tensors.Tests.SharedKernelThreads.Name)]
public class LstmRecurrenceTests
{
    // gates input [T, B, 4H], W_hh [4H, H], b_hh [4H], h0 [B, H], c0 [B, H]
    private static Tensor[] Inputs(int seed, int steps, int batch, int hidden) =>
        OpAssert.RandomInputs(seed, [steps, batch, 4 * hidden], [4 * hidden, hidden], [4 * hidden], [batch, hidden], [batch, hidden]);

    // 13 rows: the recurrence's row blocks of 8 and 5.
    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(4, 3, 5)]
    [InlineData(2, 13, 3)]
    public void LstmRecurrence_WithBias_GradientsMatchFiniteDifferences(int steps, int batch, int hidden) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.LstmRecurrence(x[0], x[1], x[2], x[3], x[4]), Inputs(50, steps, batch, hidden));

    [Fact]
    public void LstmRecurrence_WithoutBias_GradientsMatchFiniteDifferences()
    {
        var inputs = Inputs(51, 3, 2, 4);
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.LstmRecurrence(x[0], x[1], null, x[2], x[3]), inputs[0], inputs[1], inputs[3], inputs[4]);
    }

    [Fact]
    public void LstmRecurrence_Values_MatchTheCellEquationsComposedFromPrimitives()
    {
        var (steps, batch, hidden) = (3, 2, 5);
        var x = Inputs(52, steps, batch, hidden);
        var fused = NasSharp.Tensors.Ops.LstmRecurrence(x[0], x[1], x[2], x[3], x[4]);
        Assert.Equal(new[] { 2, steps, batch, hidden }, fused.Shape.ToArray());
        var (h, c) = (x[3], x[4]);
        for (var t = 0; t < steps; t++)
        {
            var input = NasSharp.Tensors.Ops.Reshape(NasSharp.Tensors.Ops.Slice(x[0], 0, t, 1), batch, 4 * hidden);
            var gates = NasSharp.Tensors.Ops.Split(NasSharp.Tensors.Ops.Add(input, NasSharp.Tensors.Ops.Linear(h, x[1], x[2])), 1, 4);
            c = NasSharp.Tensors.Ops.Add(
                NasSharp.Tensors.Ops.Multiply(NasSharp.Tensors.Ops.Sigmoid(gates[1]), c),
                NasSharp.Tensors.Ops.Multiply(NasSharp.Tensors.Ops.Sigmoid(gates[0]), NasSharp.Tensors.Ops.Tanh(gates[2])));
            h = NasSharp.Tensors.Ops.Multiply(NasSharp.Tensors.Ops.Sigmoid(gates[3]), NasSharp.Tensors.Ops.Tanh(c));
            OpAssert.Close(h.Data, fused.Data.Slice(t * batch * hidden, batch * hidden));
            OpAssert.Close(c.Data, fused.Data.Slice((steps + t) * batch * hidden, batch * hidden));
        }
    }

    [Fact]
    public void LstmRecurrence_AnyThreadCount_GivesBitwiseIdenticalValuesAndGradients()
    {
        // Large enough that the products split into several blocks (4H = 160 columns, 35 x 20 rows for the weight gradient).
        var saved = KernelParallel.ThreadCount;
        try
        {
            KernelParallel.ThreadCount = 1;
            var single = RunWithGradients();
            foreach (var threads in new[] { 2, 3 })
            {
                KernelParallel.ThreadCount = threads;
                var multi = RunWithGradients();
                Assert.Equal(single.Length, multi.Length);
                for (var i = 0; i < single.Length; i++)
                {
                    Assert.Equal(single[i], multi[i]);
                }
            }
        }
        finally
        {
            KernelParallel.ThreadCount = saved;
        }
    }

    [Fact]
    public void LstmRecurrence_MismatchedShapes_ThrowsNamingAllShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.LstmRecurrence(Tensor.Zeros(3, 2, 12), Tensor.Zeros(16, 4), null, Tensor.Zeros(2, 4), Tensor.Zeros(2, 4)));
        Assert.Contains("LstmRecurrence", ex.Message);
        Assert.Contains("[3, 2, 12]", ex.Message);
        Assert.Contains("[16, 4]", ex.Message);
    }

    private static float[][] RunWithGradients()
    {
        var inputs = Inputs(53, 35, 20, 40);
        foreach (var input in inputs)
        {
            input.RequiresGrad = true;
        }

        var output = NasSharp.Tensors.Ops.LstmRecurrence(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]);
        var values = output.ToArray();
        NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(output, Tensor.RandomUniform(new Random(54), -1f, 1f, output.Shape.ToArray()))).Backward();
        return [values, .. inputs.Select(t => t.Grad!.ToArray())];
    }
}
