using NasSharp.Data;
using NasSharp.NN.Training;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Training;

public class DifferentiableSearchArchitectureStreamTests
{
    [Fact]
    public void Run_ArchitectureHalfMuchShorter_EveryWrapVisitsEveryImageInAFreshOrder()
    {
        // 24 weight batches against 6 architecture batches of one image: four passes over the architecture half per epoch.
        var weights = SearchFixture.Loader(SearchFixture.Images(24, seed: 1), batch: 1);
        var architecture = SearchFixture.Loader(SearchFixture.Images(6, seed: 2), batch: 1);
        var trainer = new RecordingTrainer(SearchFixture.NewChain());
        DifferentiableSearch.Run(trainer, weights, architecture);

        // Each image by its index: the same dataset in its own order.
        var inOrder = new DataLoader(architecture.Dataset, new DataLoaderOptions { BatchSize = 1, Shuffle = false, Prefetch = false })
            .Epoch(0).Select(b => b.Images.ToArray()).ToList();
        var seen = trainer.ArchitectureImages.Select(image => inOrder.FindIndex(x => x.SequenceEqual(image))).ToList();
        Assert.Equal(24, seen.Count);
        var wraps = seen.Chunk(6).ToList();
        Assert.All(wraps, w => Assert.Equal([0, 1, 2, 3, 4, 5], w.Order()));
        Assert.NotEqual(wraps[0], wraps[1]);
        Assert.NotEqual(wraps[1], wraps[2]);
        Assert.NotEqual(wraps[2], wraps[3]);
        Assert.Equal(architecture.Order(0), wraps[0]);
    }

    /// <summary>A bilevel step procedure that only records the architecture batches it is given.</summary>
    private sealed class RecordingTrainer : DifferentiableTrainer
    {
        public RecordingTrainer(ChoiceSupernet supernet)
            : base(supernet, SearchFixture.Options(DifferentiableMethod.Darts), 8, null, null)
        {
            Policy = new FixedChoicePolicy(supernet.Shapes.Select(s => new int[s.Rows]).ToArray());
            Install();
        }

        public override IChoicePolicy Policy { get; }

        public List<float[]> ArchitectureImages { get; } = [];

        public override StepMetrics Step<TBatch>(ISearchTask<TBatch> task, TBatch weightBatch, TBatch? architectureBatch)
            where TBatch : class
        {
            ArchitectureImages.Add(((ImageBatch)(object)architectureBatch!).Images.ToArray());
            return new StepMetrics(1, 0, task.Count(weightBatch));
        }
    }
}
