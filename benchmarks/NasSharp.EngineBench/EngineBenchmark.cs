using NasSharp.Kernels;
using NasSharp.NN.Layers;
using NasSharp.NN.Optimization;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.EngineBench;

/// <summary>
/// Times supernet training steps, each mode mirroring a PyTorch reference script under benchmarks/ (same network,
/// same ops, same optimizer, random inputs): NAS-Bench-201 (torch_nb201_ref.py, modes spos and darts), the chain space
/// as DSNAS trains it (<see cref="ChainEngineBenchmark"/>) and the DARTS search network
/// (<see cref="DartsSpaceEngineBenchmark"/>), and a word-level language model with an LSTM or a searched cell
/// (torch_ptb_lstm_ref.py, <see cref="LanguageModelEngineBenchmark"/>). FLOPs are counted analytically (forward x 3 for forward + backward)
/// for the paths that actually ran.
/// </summary>
public static class EngineBenchmark
{
    public static EngineBenchmarkResult Run(EngineBenchmarkOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var previousThreads = KernelParallel.ThreadCount;
        KernelParallel.ThreadCount = options.Threads;
        try
        {
            return options.Mode switch
            {
                EngineBenchmarkMode.Chain => ChainEngineBenchmark.Run(options, progress),
                EngineBenchmarkMode.DartsSpace => DartsSpaceEngineBenchmark.Run(options, progress),
                EngineBenchmarkMode.Lm => LanguageModelEngineBenchmark.Run(options, progress),
                _ => RunNb201(options, progress),
            };
        }
        finally
        {
            KernelParallel.ThreadCount = previousThreads;
        }
    }

    // The PyTorch reference mixes with fixed softmax weights (no alpha gradient); so does this benchmark.
    private static ChoiceTables FixedAlpha(Random random)
    {
        var tables = new ChoiceTables([(Nb201CellWiring.EdgeCount, 5)], random);
        tables.Tables[0].RequiresGrad = false;
        return tables;
    }

    private static EngineBenchmarkResult RunNb201(EngineBenchmarkOptions options, Action<string>? progress)
    {
        var random = new Random(options.Seed);
        var skeleton = new Nb201SupernetOptions(options.Channels, options.CellsPerStage) { CellBatchNorm = BatchNormOptions.Default };
        var sampling = new UniformChoicePolicy(new Random(options.Seed + 1));
        IChoicePolicy policy = options.Mode == EngineBenchmarkMode.Spos
            ? sampling
            : new SoftmaxChoicePolicy(FixedAlpha(random));
        var net = new Nb201Supernet(skeleton, policy, random);
        var optimizer = new Sgd(net.Parameters(), 0.025f, momentum: 0.9f, weightDecay: 5e-4f, nesterov: true);
        var images = Tensor.RandomNormal(random, 0f, 1f, options.Batch, 3, options.ImageSize, options.ImageSize);
        var labels = Enumerable.Range(0, options.Batch).Select(_ => random.Next(10)).ToArray();
        var mixedFlops = Nb201Cost.ForwardFlops(skeleton, options.ImageSize, _ => Nb201Operations.All);

        double Step()
        {
            using var scope = new TensorScope();
            var loss = Ops.CrossEntropy(net.Forward(images), labels);
            using (OpProfile.Section("zero gradients"))
            {
                optimizer.ZeroGrad();
            }

            loss.Backward();
            using (OpProfile.Section("weight update (SGD)"))
            {
                optimizer.Step();
            }

            return loss.Item();
        }

        // The first warm-up step runs the largest single path (a 3x3 convolution on every edge), so that the
        // storage pool reaches the high-water mark of any sampled path; otherwise the pool keeps growing for
        // hundreds of steps as rarer, larger paths come up, and that growth would be counted as allocation.
        void WarmUp(int i)
        {
            if (i == 0 && options.Mode == EngineBenchmarkMode.Spos)
            {
                net.Policy = new FixedChoicePolicy(Nb201Supernet.PathOf(Nb201Genotype.FromOps([.. Enumerable.Repeat(Nb201Operation.NorConv3x3, Nb201CellWiring.EdgeCount)])));
            }

            Step();
            net.Policy = policy;
        }

        return EngineStepTimer.Time(
            options,
            WarmUp,
            () => (Step(), 3 * options.Batch * (options.Mode == EngineBenchmarkMode.Spos ? net.PathFlops(sampling.CurrentPath, options.ImageSize) : mixedFlops)),
            progress);
    }
}
