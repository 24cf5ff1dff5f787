using NasSharp.NN.Optimization;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.EngineBench;

/// <summary>
/// <c>--mode chain</c>: training steps of the chain space's supernet (ShuffleNetV2 blocks, the default
/// <see cref="ChainSpaceOptions"/>: stem 16, stages 32 / 64 / 128 of 2 layers, last 256) as DSNAS trains it (Hu et al.,
/// CVPR 2020, section 3): one block per layer sampled from softmax(alpha), its output times the one-hot Z, one backward
/// pass giving the weight gradients and the credits, alpha's gradient credit * (onehot - p); weights by SGD Nesterov
/// 0.9 (lr 0.025, weight decay 5e-4), alpha by Adam (lr 3e-4, betas 0.5 / 0.999, weight decay 1e-3), as
/// benchmarks/torch_chain_ref.py does. Channels and cells options do not apply.
/// </summary>
internal static class ChainEngineBenchmark
{
    public static EngineBenchmarkResult Run(EngineBenchmarkOptions options, Action<string>? progress)
    {
        var random = new Random(options.Seed);
        var space = new ChainSpaceOptions();
        var tables = new ChoiceTables([(space.Layers, ChainGenotype.ChoiceCount)], random);
        var policy = new DsnasChoicePolicy(tables, new Random(options.Seed + 1));
        var net = new ChainSupernet(space, policy, random);
        var weights = new Sgd(net.Parameters(), 0.025f, momentum: 0.9f, weightDecay: 5e-4f, nesterov: true);
        var architecture = new Adam(tables.Tables, 3e-4f, 0.5f, 0.999f, 1e-8f, 1e-3f);
        var images = Tensor.RandomNormal(random, 0f, 1f, options.Batch, space.InputChannels, options.ImageSize, options.ImageSize);
        var labels = Enumerable.Range(0, options.Batch).Select(_ => random.Next(space.Classes)).ToArray();

        double Step(bool dsnas)
        {
            using var scope = new TensorScope();
            var loss = Ops.CrossEntropy(net.Forward(images), labels);
            using (OpProfile.Section("zero gradients"))
            {
                weights.ZeroGrad();
                architecture.ZeroGrad();
            }

            loss.Backward();
            if (dsnas)
            {
                using var alpha = OpProfile.Section("architecture update (DSNAS credit, Adam)");
                policy.BackwardArchitecture();
                architecture.Step();
            }

            using (OpProfile.Section("weight update (SGD)"))
            {
                weights.Step();
            }

            return loss.Item();
        }

        // The first warm-up steps run the two largest blocks on every layer (Xception, then 7x7), so that the storage
        // pool reaches the high-water mark of any sampled path before allocation is counted.
        void WarmUp(int i)
        {
            if (i < 2)
            {
                var choice = i == 0 ? ChainChoice.Xception : ChainChoice.Shuffle7x7;
                net.Policy = new FixedChoicePolicy([Enumerable.Repeat((int)choice, space.Layers).ToArray()]);
                Step(dsnas: false);
                net.Policy = policy;
                return;
            }

            Step(dsnas: true);
        }

        return EngineStepTimer.Time(
            options,
            WarmUp,
            () => (Step(dsnas: true), 3 * options.Batch * net.PathFlops(policy.Chosen, options.ImageSize)),
            progress);
    }
}
