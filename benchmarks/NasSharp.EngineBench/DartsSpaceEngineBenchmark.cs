using NasSharp.NN.Optimization;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.EngineBench;

/// <summary>
/// <c>--mode darts-space</c>: weight steps of the DARTS CNN search network (Liu et al. 2019, section 3.1.1 and
/// model_search.py: stem 3C, 8 cells with reductions at 1/3 and 2/3, 14 mixed edges of the 8 operations per cell,
/// non-affine batch norm), every edge the softmax-weighted sum of its operations with fixed weights (no alpha step, as
/// the NAS-Bench-201 darts mode), SGD Nesterov 0.9 (lr 0.025, weight decay 5e-4), as benchmarks/torch_darts_ref.py
/// does. <see cref="EngineBenchmarkOptions.Channels"/> is C (the paper's search: 16); the cells option does not apply.
/// </summary>
internal static class DartsSpaceEngineBenchmark
{
    /// <summary>Cells of the DARTS search network (the paper's search setting).</summary>
    public const int Layers = 8;

    public static EngineBenchmarkResult Run(EngineBenchmarkOptions options, Action<string>? progress)
    {
        var random = new Random(options.Seed);
        var networkOptions = new DartsNetworkOptions(options.Channels, Layers, ImageSize: options.ImageSize);
        var tables = new ChoiceTables([(DartsDerivation.SearchEdges, DartsDerivation.OpCount), (DartsDerivation.SearchEdges, DartsDerivation.OpCount)], random);
        foreach (var table in tables.Tables)
        {
            table.RequiresGrad = false;
        }

        var net = new DartsSearchNetwork(networkOptions, new SoftmaxChoicePolicy(tables), random);
        var optimizer = new Sgd(net.Parameters(), 0.025f, momentum: 0.9f, weightDecay: 5e-4f, nesterov: true);
        var images = Tensor.RandomNormal(random, 0f, 1f, options.Batch, networkOptions.InputChannels, options.ImageSize, options.ImageSize);
        var labels = Enumerable.Range(0, options.Batch).Select(_ => random.Next(networkOptions.Classes)).ToArray();
        var flopsPerStep = 3 * options.Batch * net.MixedFlops(options.ImageSize);

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

        return EngineStepTimer.Time(options, _ => Step(), () => (Step(), flopsPerStep), progress);
    }
}
