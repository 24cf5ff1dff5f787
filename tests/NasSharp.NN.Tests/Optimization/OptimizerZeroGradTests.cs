using NasSharp.Kernels;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Optimization;

/// <summary>
/// ZeroGrad zeroes in runs across parameters on the kernel threads: every element of every gradient, on 1, 2 and 3
/// threads, for any optimizer; a parameter without a gradient keeps none. In <see cref="SgdRunsTests"/>' collection,
/// run alone, since it sets the kernels' thread count.
/// </summary>
[Collection(nameof(SgdRunsTests))]
public class OptimizerZeroGradTests
{
    // Run boundaries inside parameters, and runs over several small ones; the second gets no gradient.
    private static readonly int[] Sizes = [Optimizer.RunLength + 3, 9, 2, 50_000, 1];

    [Fact]
    public void ZeroGrad_zeroes_every_gradient_element_in_runs()
    {
        var threads = KernelParallel.ThreadCount;
        try
        {
            foreach (var count in new[] { 1, 2, 3 })
            {
                KernelParallel.ThreadCount = count;
                var parameters = Sizes.Select(n => TestTensors.Param(new float[n])).ToArray();
                Optimizer[] optimizers = [new Sgd(parameters, 0.1f, momentum: 0.9f), new Adam(parameters, 0.01f)];
                foreach (var optimizer in optimizers)
                {
                    for (var i = 0; i < parameters.Length; i++)
                    {
                        if (i != 1)
                        {
                            TestTensors.SetGradient(parameters[i], Enumerable.Range(1, Sizes[i]).Select(v => (float)v).ToArray());
                        }
                    }

                    optimizer.ZeroGrad();

                    for (var i = 0; i < parameters.Length; i++)
                    {
                        if (i == 1)
                        {
                            Assert.Null(parameters[i].Grad);
                            continue;
                        }

                        var grad = parameters[i].Grad!.ToArray();
                        Assert.True(grad.All(v => BitConverter.SingleToInt32Bits(v) == 0), $"{optimizer.GetType().Name}, parameter {i} ({Sizes[i]} elements), {count} thread(s): a gradient element was not zeroed");
                    }
                }
            }
        }
        finally
        {
            KernelParallel.ThreadCount = threads;
        }
    }
}
