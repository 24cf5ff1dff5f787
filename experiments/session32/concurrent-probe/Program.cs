using System.Diagnostics;
using System.Globalization;
using NasSharp.Kernels;

// Session 32's probe: each stride-1 3x3 forward (32 images, Cin = Cout) timed on one thread alone, then on two threads
// at once, each with tensors of its own and KernelParallel.ThreadCount = 1 (no shared work, no shared data). A slowdown
// well above 1 means the two threads interfere through something other than the work itself.
var random = new Random(1);
KernelParallel.ThreadCount = 1;
(int Channels, int Side)[] shapes = [(16, 28), (32, 14), (64, 7), (16, 32), (64, 8)];
var cases = shapes.Select(s =>
{
    var g = new Conv2dGeometry(32, s.Channels, s.Side, s.Side, s.Channels, 3, 3, Stride: 1, Padding: 1);
    return (Geometry: g, Inputs: Pair(g.InputLength), Weights: Pair(g.WeightLength), Outputs: Pair(g.OutputLength));
}).ToArray();

for (var round = 1; round <= 2; round++)
{
    foreach (var (c, shape) in cases.Zip(shapes))
    {
        var alone = MillisecondsPerCall(c, 0);
        var together = new double[2];
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() => together[t] = MillisecondsPerCall(c, t))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round}, {shape.Channels} ch {shape.Side} x {shape.Side}: alone {alone:F3} ms/call; two at once {together[0]:F3} / {together[1]:F3}; slowdown {together.Average() / alone:F2}"));
    }
}

float[][] Pair(int length) => [Random(length), Random(length)];

float[] Random(int length) => Enumerable.Range(0, length).Select(_ => random.NextSingle() - 0.5f).ToArray();

static double MillisecondsPerCall((Conv2dGeometry Geometry, float[][] Inputs, float[][] Weights, float[][] Outputs) c, int t)
{
    const int Calls = 300;
    for (var k = 0; k < 20; k++)
    {
        Convolution.Forward(c.Geometry, c.Inputs[t], c.Weights[t], default, c.Outputs[t]);
    }

    var clock = Stopwatch.StartNew();
    for (var k = 0; k < Calls; k++)
    {
        Convolution.Forward(c.Geometry, c.Inputs[t], c.Weights[t], default, c.Outputs[t]);
    }

    return clock.Elapsed.TotalMilliseconds / Calls;
}
