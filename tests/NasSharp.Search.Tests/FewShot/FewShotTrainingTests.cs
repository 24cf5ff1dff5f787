using NasSharp.NN.Serialization;
using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.FewShot;

public class FewShotTrainingTests
{
    [Fact]
    public void TrainSplit_SeparateCallsFromTheSavedParent_GiveOneCompleteSubSupernetPerOperation()
    {
        using var tiny = new TinyFewShot(epochs: 1);
        var directory = tiny.TrainedWithSplits(edge: 1);

        var reopened = SupernetDirectory.Open(tiny.SupernetPath);
        var children = reopened.Children(reopened.Root);
        Assert.Equal([0, 1, 2, 3, 4], children.Select(c => c.Indices[0]));
        Assert.All(children, c => Assert.True(SupernetDirectory.State(c)!.IsComplete));
        var set = FewShotSupernet.Load(reopened);
        Assert.Equal(1, set.Depth);
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|none~0|nor_conv_1x1~1|nor_conv_3x3~2|");
        Assert.Equal((int)NasSharp.Search.Spaces.Nb201Operation.AvgPool3x3, set.Route(genotype).Splits[0].Choice);
        var oneShot = FewShotSupernet.Load(reopened, maxDepth: 0);
        Assert.Equal(0, oneShot.Depth);
        Assert.Empty(Assert.Single(oneShot.Supernets).Splits);
    }

    [Fact]
    public void TrainSplit_SameSubSupernetTrainedTwiceInSeparateDirectories_GivesTheSameWeights()
    {
        using var a = new TinyFewShot(epochs: 1);
        using var b = new TinyFewShot(epochs: 1);
        float[] Train(TinyFewShot tiny)
        {
            var directory = tiny.Create();
            FewShotTraining.TrainOneShot(directory, tiny.Data, resume: false);
            FewShotTraining.TrainSplit(SupernetDirectory.Open(tiny.SupernetPath), tiny.Data, directory.Root, 0, 3, epochs: 1, resume: false);
            var weights = Safetensors.Load(Path.Combine(directory.Child(directory.Root, 0, 3).Directory, SupernetCheckpoint.WeightsFile)).Tensors;
            return weights.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.ToArray()).ToArray();
        }

        Assert.Equal(Train(a), Train(b));
    }

    [Fact]
    public void TrainSplit_ParentNotTrained_ThrowsSayingSo()
    {
        using var tiny = new TinyFewShot(epochs: 1);
        var directory = tiny.Create();
        var ex = Assert.Throws<InvalidOperationException>(() => FewShotTraining.TrainSplit(directory, tiny.Data, directory.Root, 0, 1, epochs: 1, resume: false));
        Assert.Contains("has not finished training", ex.Message);
    }

    [Fact]
    public void Load_SubSupernetMissing_NamesItAndTheCommandThatTrainsIt()
    {
        using var tiny = new TinyFewShot(epochs: 1);
        var directory = tiny.Create();
        FewShotTraining.TrainOneShot(directory, tiny.Data, resume: false);
        for (var k = 0; k < 4; k++)
        {
            FewShotTraining.TrainSplit(directory, tiny.Data, directory.Root, 0, k, epochs: 1, resume: false);
        }

        var ex = Assert.Throws<ArgumentException>(() => FewShotSupernet.Load(directory));
        Assert.Contains("4 (avg_pool_3x3)", ex.Message);

        Directory.CreateDirectory(directory.Child(directory.Root, 0, 4).Directory);
        var unfinished = Assert.Throws<InvalidOperationException>(() => FewShotSupernet.Load(directory));
        Assert.Contains("--edge 0 --split 4 --resume", unfinished.Message);
    }

    [Fact]
    public void TrainSplit_RecursiveDepthTwo_LoadsAsAHierarchyRoutingToTheDeepestLevel()
    {
        using var tiny = new TinyFewShot(epochs: 1);
        var directory = tiny.TrainedWithSplits(edge: 0);
        var parent = directory.Find("2");
        for (var k = 0; k < 5; k++)
        {
            FewShotTraining.TrainSplit(directory, tiny.Data, parent, 3, k, epochs: 1, resume: false);
        }

        var set = FewShotSupernet.Load(SupernetDirectory.Open(tiny.SupernetPath));
        Assert.Equal(2, set.Depth);
        var inside = Nb201Genotype.Parse("|nor_conv_1x1~0|+|none~0|none~1|+|avg_pool_3x3~0|none~1|none~2|");
        Assert.Equal(2, set.Route(inside).Splits.Count);
        Assert.Single(set.Route(inside.WithOp(0, NasSharp.Search.Spaces.Nb201Operation.SkipConnect)).Splits);
    }
}
