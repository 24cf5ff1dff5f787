using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// Which choices of a supernet's rows are open: the value a few-shot split restricts (Zhao et al., ICML 2021, section 3:
/// a sub-supernet keeps one operation of a compound edge). One boolean per (group, row, choice). Policies never run or
/// sample a closed choice; softmax-based policies give it weight 0 through <see cref="LogitMask"/>.
/// </summary>
public sealed class ChoiceMask
{
    /// <summary>Logit added to closed choices: exp underflows to exactly 0 in float32.</summary>
    public const float ClosedLogit = -1e9f;

    private readonly bool[][] open;
    private readonly (int Rows, int Choices)[] shapes;
    private readonly Tensor?[] logitMasks;

    private ChoiceMask((int Rows, int Choices)[] shapes, bool[][] open)
    {
        this.shapes = shapes;
        this.open = open;
        logitMasks = new Tensor?[shapes.Length];
        for (var g = 0; g < shapes.Length; g++)
        {
            logitMasks[g] = BuildLogitMask(g);
        }
    }

    /// <summary>Rows and choices of each group.</summary>
    public IReadOnlyList<(int Rows, int Choices)> Shapes => shapes;

    /// <summary>Every choice of every row open (the one-shot supernet).</summary>
    public static ChoiceMask AllOpen(IReadOnlyList<(int Rows, int Choices)> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        var copy = shapes.ToArray();
        return new ChoiceMask(copy, copy.Select(s => Enumerable.Repeat(true, s.Rows * s.Choices).ToArray()).ToArray());
    }

    /// <summary>A mask with the given open flags, row-major [rows, choices] per group (a growing supernet's reduced op lists, RECURRENT.md 4).</summary>
    public static ChoiceMask FromOpen(IReadOnlyList<(int Rows, int Choices)> shapes, IReadOnlyList<bool[]> open)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(open);
        var copy = shapes.ToArray();
        if (open.Count != copy.Length || copy.Where((s, g) => open[g].Length != s.Rows * s.Choices).Any())
        {
            throw new ArgumentException("ChoiceMask.FromOpen: the open flags do not match the shapes.", nameof(open));
        }

        return new ChoiceMask(copy, open.Select(o => o.ToArray()).ToArray());
    }

    /// <summary>True when <paramref name="choice"/> of (group, row) is open.</summary>
    public bool IsOpen(int group, int row, int choice) => open[group][(row * shapes[group].Choices) + choice];

    /// <summary>The open choices of (group, row), ascending.</summary>
    public int[] Open(int group, int row)
    {
        var choices = shapes[group].Choices;
        var result = new List<int>(choices);
        for (var k = 0; k < choices; k++)
        {
            if (open[group][(row * choices) + k])
            {
                result.Add(k);
            }
        }

        return [.. result];
    }

    /// <summary>True when every row keeps every choice.</summary>
    public bool IsAllOpen => open.All(g => g.All(o => o));

    /// <summary>This mask with (split.Group, split.Row) restricted to split.Choice alone; throws when that choice is closed.</summary>
    public ChoiceMask Restrict(ChoiceSplit split)
    {
        Check(split.Group, split.Row);
        if (split.Choice < 0 || split.Choice >= shapes[split.Group].Choices || !IsOpen(split.Group, split.Row, split.Choice))
        {
            throw new ArgumentException($"Supernet split {split}: choice {split.Choice} is not open on row {split.Row} of group {split.Group}.");
        }

        var copy = open.Select(g => (bool[])g.Clone()).ToArray();
        var choices = shapes[split.Group].Choices;
        for (var k = 0; k < choices; k++)
        {
            copy[split.Group][(split.Row * choices) + k] = k == split.Choice;
        }

        return new ChoiceMask(shapes, copy);
    }

    /// <summary>True when every choice of <paramref name="path"/> (one array of rows per group) is open.</summary>
    public bool Contains(IReadOnlyList<int[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count != shapes.Length)
        {
            return false;
        }

        for (var g = 0; g < shapes.Length; g++)
        {
            if (path[g].Length != shapes[g].Rows)
            {
                return false;
            }

            for (var r = 0; r < shapes[g].Rows; r++)
            {
                var k = path[g][r];
                if (k < 0 || k >= shapes[g].Choices || !IsOpen(g, r, k))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>An additive mask [rows, choices] of group <paramref name="group"/>: 0 where open, <see cref="ClosedLogit"/> where closed; null when all are open.</summary>
    public Tensor? LogitMask(int group) => logitMasks[group];

    /// <summary><paramref name="logits"/> of group <paramref name="group"/> with closed choices pushed to <see cref="ClosedLogit"/> (the same tensor when all are open).</summary>
    public Tensor Masked(Tensor logits, int group) => logitMasks[group] is { } mask ? Ops.Add(logits, mask) : logits;

    private Tensor? BuildLogitMask(int group)
    {
        if (open[group].All(o => o))
        {
            return null;
        }

        var mask = Tensor.Persistent(new TensorShape(shapes[group].Rows, shapes[group].Choices));
        for (var i = 0; i < open[group].Length; i++)
        {
            mask.Data[i] = open[group][i] ? 0f : ClosedLogit;
        }

        return mask;
    }

    private void Check(int group, int row)
    {
        if (group < 0 || group >= shapes.Length || row < 0 || row >= shapes[group].Rows)
        {
            throw new ArgumentException($"Supernet split: row {row} of group {group} does not exist (groups: {string.Join(", ", shapes.Select(s => s.Rows + " rows"))}).");
        }
    }
}
