using NasSharp.Kernels;
using NasSharp.NN.Optimization;
using NasSharp.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NasSharp.NN.Tests.Optimization;

/// <summary>
/// SGD's step in runs of <see cref="Optimizer.RunLength"/> elements across parameters, on the kernel threads, against one
/// whole-parameter pass of the same operations (the rule as written before the runs), bit for bit: for 1, 2 and 3
/// threads, runs that start inside a parameter and span several small ones, a parameter without a gradient, the first
/// step (new momentum buffers) and later ones. Its own collection, run alone: it sets the kernels' thread count.
/// </summary>
[CollectionDefinition(nameof(SgdRunsTests), DisableParallelization = true)]
[Collection(nameof(SgdRunsTests))]
public class SgdRunsTests
{
    // Sizes that put run boundaries inside parameters and runs over several small ones; the third gets no gradient.
    private static readonly int[] Sizes = [20_000, 5, 7, 40_000, 3, Optimizer.RunLength, 1, 33_333];

    public static TheoryData<float, float, bool, float> Rules => new()
    {
        { 0f, 0f, false, 0f },
        { 0.9f, 5e-4f, false, 0f },
        { 0.9f, 5e-4f, true, 0f },
        { 0.9f, 0f, false, 0.1f },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Runs_give_the_whole_parameter_passes_bits(float momentum, float weightDecay, bool nesterov, float dampening)
    {
        var threads = KernelParallel.ThreadCount;
        try
        {
            foreach (var count in new[] { 1, 2, 3 })
            {
                KernelParallel.ThreadCount = count;
                var (actual, expected) = (Parameters(), Parameters());
                var sgd = new Sgd(actual, 0.05f, momentum, weightDecay, nesterov, dampening);
                var reference = new WholeParameterSgd(expected, 0.05f, momentum, weightDecay, nesterov, dampening);
                for (var step = 0; step < 3; step++)
                {
                    SetGradients(actual, step);
                    SetGradients(expected, step);
                    sgd.Step();
                    reference.Step();
                }

                for (var i = 0; i < Sizes.Length; i++)
                {
                    Assert.True(
                        Bits(actual[i].ToArray()).SequenceEqual(Bits(expected[i].ToArray())),
                        $"parameter {i} ({Sizes[i]} elements) differs with {count} thread(s)");
                }

                Assert.Equal(Values(2, 0), actual[2].ToArray()); // no gradient: untouched
            }
        }
        finally
        {
            KernelParallel.ThreadCount = threads;
        }
    }

    private static Tensor[] Parameters() => Sizes.Select((n, i) => TestTensors.Param(Values(i, 0), n)).ToArray();

    private static void SetGradients(Tensor[] parameters, int step)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i != 2)
            {
                TestTensors.SetGradient(parameters[i], Values(i, step + 1));
            }
        }
    }

    private static float[] Values(int parameter, int seed)
    {
        var random = new Random((parameter * 31) + seed);
        return Enumerable.Range(0, Sizes[parameter]).Select(_ => (random.NextSingle() * 2f) - 1f).ToArray();
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>The rule as one pass per parameter, each operation over the whole parameter (SGD before session 32).</summary>
    private sealed class WholeParameterSgd(Tensor[] parameters, float learningRate, float momentum, float weightDecay, bool nesterov, float dampening)
    {
        private readonly float[]?[] buffers = new float[]?[parameters.Length];

        public void Step()
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].Grad is not { } grad)
                {
                    continue;
                }

                var parameter = parameters[i].Data;
                ReadOnlySpan<float> direction = grad.Data;
                if (weightDecay != 0)
                {
                    var decayed = new float[parameter.Length];
                    TensorPrimitives.MultiplyAdd(parameter, weightDecay, grad.Data, decayed);
                    direction = decayed;
                }

                if (momentum != 0)
                {
                    var first = buffers[i] == null;
                    var buffer = buffers[i] ??= new float[parameter.Length];
                    if (first)
                    {
                        direction.CopyTo(buffer);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(buffer, momentum, buffer);
                        TensorPrimitives.MultiplyAdd(direction, 1f - dampening, buffer, buffer);
                    }

                    if (nesterov)
                    {
                        var look = new float[parameter.Length];
                        TensorPrimitives.MultiplyAdd(buffer, momentum, direction, look);
                        direction = look;
                    }
                    else
                    {
                        direction = buffer;
                    }
                }

                TensorPrimitives.MultiplyAdd(direction, -learningRate, parameter, parameter);
            }
        }
    }
}
