using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class ChoiceSupernetTests
{
    // A split on a row of the last table (DARTS: the reduction cell) and a path through it.
    private static ChoiceSplit SplitOf(ChoiceSpace space) => new(ChoiceFixture.Shapes(space).Count - 1, 1, 2);

    private static int[][] Inside(ChoiceSpace space)
    {
        var path = ChoiceFixture.ZeroPath(space);
        path[^1][1] = 2;
        path[0][0] = 3;
        return path;
    }

    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    [InlineData(ChoiceSpace.Darts)]
    public void CreateSubSupernet_KeepsTheParentsWeightsBitwise_AndContainsOnlyItsPart(ChoiceSpace space)
    {
        var parent = ChoiceFixture.Supernet(space, new UniformChoicePolicy(new Random(1)));
        ChoiceFixture.Loss(parent, space, 1).Backward(); // running statistics moved: buffers must be copied too
        var split = SplitOf(space);
        var child = parent.CreateSubSupernet(split, new FixedChoicePolicy(Inside(space)), new Random(5));

        Assert.Equal(parent.GetType(), child.GetType());
        var parentState = parent.StateDict();
        var childState = child.StateDict();
        Assert.Equal(parentState.Keys.Order(), childState.Keys.Order());
        Assert.All(parentState, kv => Assert.Equal(kv.Value.ToArray(), childState[kv.Key].ToArray()));
        Assert.Empty(parent.Splits);
        Assert.Equal([split], child.Splits);

        var outside = Inside(space);
        outside[^1][1] = 3;
        Assert.True(child.Contains(Inside(space)));
        Assert.False(child.Contains(outside));
        Assert.True(parent.Contains(outside));
        Assert.Equal([2], child.Mask.Open(split.Group, split.Row));
    }

    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    [InlineData(ChoiceSpace.Darts)]
    public void CreateSubSupernet_PathInside_RunsExactlyAsTheParent_PathOutside_Throws(ChoiceSpace space)
    {
        var parent = ChoiceFixture.Supernet(space, new FixedChoicePolicy(Inside(space)));
        var child = parent.CreateSubSupernet(SplitOf(space), new FixedChoicePolicy(Inside(space)), new Random(5));
        parent.Eval();
        child.Eval();
        var images = ChoiceFixture.Images(space, 2);
        Assert.Equal(parent.Forward(images).ToArray(), child.Forward(images).ToArray());

        var outside = Inside(space);
        outside[^1][1] = 3;
        child.Policy = new FixedChoicePolicy(outside);
        Assert.Throws<ArgumentException>(() => child.Forward(images));
    }

    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    [InlineData(ChoiceSpace.Darts)]
    public void CreateSubSupernet_Recursively_AccumulatesSplits_AndRestrictToRebuildsTheSameMask(ChoiceSpace space)
    {
        var parent = ChoiceFixture.Supernet(space, new FixedChoicePolicy(Inside(space)));
        var child = parent.CreateSubSupernet(SplitOf(space), parent.Policy, new Random(5));
        var grandchild = child.CreateSubSupernet(new ChoiceSplit(0, 0, 3), parent.Policy, new Random(6));
        Assert.Equal([SplitOf(space), new ChoiceSplit(0, 0, 3)], grandchild.Splits);
        Assert.True(grandchild.Contains(Inside(space)));
        var other = Inside(space);
        other[0][0] = 1;
        Assert.True(child.Contains(other));
        Assert.False(grandchild.Contains(other));

        var restored = ChoiceFixture.Supernet(space, parent.Policy, seed: 9);
        restored.RestrictTo(grandchild.Splits);
        Assert.All(Enumerable.Range(0, restored.Shapes.Count), g => Assert.All(Enumerable.Range(0, restored.Shapes[g].Rows), r =>
            Assert.Equal(grandchild.Mask.Open(g, r), restored.Mask.Open(g, r))));

        Assert.Throws<ArgumentException>(() => child.CreateSubSupernet(new ChoiceSplit(SplitOf(space).Group, 1, 3), parent.Policy, new Random(7)));
    }
}
