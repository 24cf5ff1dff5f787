using NasSharp.NN;
using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Recurrent;

/// <summary>
/// Few-shot splits on the recurrent spaces (issue 12 item 5, Zhao et al. 2021 section 3.2): a darts-rnn or tib
/// supernet built with its cell factory splits into a sub-supernet of the same class, initialised with the parent's
/// weights and buffers, which runs a path inside its part exactly as the parent does and refuses one outside it.
/// </summary>
public class RecurrentSubSupernetTests
{
    private const int Vocabulary = 10;
    private const int Hidden = 4;

    public static TheoryData<string> Spaces => new() { "darts-rnn", "tib" };

    [Theory]
    [MemberData(nameof(Spaces))]
    public void CreateSubSupernet_CopiesTheParent_RunsAPathInsideExactlyAsTheParent_RefusesOneOutside(string space)
    {
        var parent = Supernet(space, new Random(1));
        var split = new ChoiceSplit(0, 0, 1);
        var inside = Path(parent, split.Choice);
        parent.Policy = new FixedChoicePolicy(inside);
        var child = parent.CreateSubSupernet(split, new FixedChoicePolicy(inside), new Random(5));

        Assert.IsType<RecurrentSupernet>(child);
        var (parentState, childState) = (parent.StateDict(), child.StateDict());
        Assert.Equal(parentState.Keys.Order(), childState.Keys.Order());
        Assert.All(parentState, kv => Assert.Equal(kv.Value.ToArray(), childState[kv.Key].ToArray()));
        Assert.Equal([split], child.Splits);
        Assert.Equal([1], child.Mask.Open(0, 0));

        parent.Eval();
        child.Eval();
        var tokens = Tensor.FromArray([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2], 3, 4);
        Assert.Equal(parent.Forward(tokens).ToArray(), child.Forward(tokens).ToArray());

        child.Policy = new FixedChoicePolicy(Path(parent, 0));
        Assert.Throws<ArgumentException>(() => child.Forward(tokens));
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void CreateSubSupernet_WithoutTheCellFactory_SaysSo(string space)
    {
        var cell = Cell(space, new Random(1));
        var parent = new RecurrentSupernet(cell, c => new CellLanguageModel(Vocabulary, c, new KeyedRandom(2)), new FixedChoicePolicy(Path(cell.Shapes, 0)));

        var ex = Assert.Throws<InvalidOperationException>(() => parent.CreateSubSupernet(new ChoiceSplit(0, 0, 1), parent.Policy, new Random(5)));

        Assert.Contains("cell factory", ex.Message, StringComparison.Ordinal);
    }

    private static RecurrentSearchCell Cell(string space, Random random) => space == "tib"
        ? new TibSearchCell(Hidden, Hidden, nodes: 2, capacity: 2, random)
        : new DartsRnnSearchCell(Hidden, Hidden, nodes: 2, capacity: 2, random);

    private static RecurrentSupernet Supernet(string space, Random random) =>
        new(Cell(space, random), c => new CellLanguageModel(Vocabulary, c, new KeyedRandom(2)), new FixedChoicePolicy(Path(Cell(space, new Random(0)).Shapes, 0)), r => Cell(space, r));

    // Every row of every group takes choice 0, except group 0 row 0, which takes first.
    private static int[][] Path(RecurrentSupernet net, int first) => Path(net.Shapes, first);

    private static int[][] Path(IReadOnlyList<(int Rows, int Choices)> shapes, int first)
    {
        var path = shapes.Select(s => new int[s.Rows]).ToArray();
        path[0][0] = first;
        return path;
    }
}
