namespace NasSharp.Kernels.Tests;

/// <summary>
/// The streaming loops that load two vectors ahead of their stores (<c>Unary.Ahead</c>: ReLU's forward and backward, the
/// unary gradients, <see cref="Elementwise.Add"/> and <see cref="Elementwise.AddThree"/>) against element loops, bit for
/// bit, on every length around the look-ahead's edges (its start, its last two vectors, the tail after it) and in place.
/// </summary>
public class StreamingLookaheadTests
{
    private static readonly int[] Lengths = [.. Enumerable.Range(28, 40), 95, 96, 97, 1000, 70_001];

    [Fact]
    public void UnaryMap_EveryLength_IsTheElementLoop()
    {
        foreach (var n in Lengths)
        {
            var x = TestData.Random(n, n);
            var y = new float[n];
            Unary.Map(new LeakyReluOperator(0.25f), x, y);
            Assert.Equal(x.Select(v => new LeakyReluOperator(0.25f).Invoke(v)).Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));

            var inPlace = (float[])x.Clone();
            Unary.Map(new LeakyReluOperator(0.25f), inPlace, inPlace);
            Assert.Equal(y, inPlace);
        }
    }

    [Fact]
    public void UnaryGradient_EveryLength_IsTheElementLoop()
    {
        var op = default(SigmoidGradientOperator);
        foreach (var n in Lengths)
        {
            var (x, y, dy, start) = (TestData.Random(n, n), TestData.Random(n + 1, n), TestData.Random(n + 2, n), TestData.Random(n + 3, n));
            var added = (float[])start.Clone();
            Unary.AccumulateGradient(op, x, y, dy, added);
            var written = new float[n];
            Unary.Gradient(op, x, y, dy, written, accumulate: false);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(start[i] + op.Invoke(x[i], y[i], dy[i])), BitConverter.SingleToInt32Bits(added[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits(op.Invoke(x[i], y[i], dy[i])), BitConverter.SingleToInt32Bits(written[i]));
            }

            // The gradient written over its own output gradient (dx = dy), as an op may do when it owns dy.
            var overDy = (float[])dy.Clone();
            Unary.Gradient(op, x, y, overDy, overDy, accumulate: false);
            Assert.Equal(written, overDy);
        }
    }

    [Fact]
    public void Add_AndAddThree_EveryLength_AreTheElementLoops()
    {
        foreach (var n in Lengths)
        {
            var (a, b, c) = (TestData.Random(n, n), TestData.Random(n + 1, n), TestData.Random(n + 2, n));
            var sum = new float[n];
            Elementwise.Add(a, b, sum);
            var three = new float[n];
            Elementwise.AddThree(a, b, c, three);
            var inPlace = (float[])a.Clone();
            Elementwise.AddInPlace(inPlace, b);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(a[i] + b[i]), BitConverter.SingleToInt32Bits(sum[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits((a[i] + b[i]) + c[i]), BitConverter.SingleToInt32Bits(three[i]));
            }

            Assert.Equal(sum, inPlace);
            var running = (float[])a.Clone();
            Elementwise.AddThree(running, b, c, running);
            Assert.Equal(three, running);
        }
    }
}
