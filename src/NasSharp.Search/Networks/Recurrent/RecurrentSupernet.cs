using NasSharp.NN;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// A recurrent search space as a <see cref="ChoiceSupernet"/>: a task model "model" (a <see cref="CellLanguageModel"/>
/// or <see cref="CellForecaster"/>) around a <see cref="RecurrentSearchCell"/>, whose node tables are this
/// supernet's groups. The policy's pass begins once per sequence (one sample per minibatch, as GDAS samples once per
/// forward pass). FLOP members count one time step of one sequence; the image size argument is ignored.
/// </summary>
public sealed class RecurrentSupernet : ChoiceSupernet
{
    /// <param name="cell">The search cell; the supernet attaches it to its policy.</param>
    /// <param name="model">Builds the task model around the cell.</param>
    /// <param name="policy">How the cell's mixed layers combine their choices.</param>
    /// <param name="cellFactory">Builds a fresh cell of the same shape from a seed source: needed for few-shot sub-supernets (<see cref="ChoiceSupernet.CreateSubSupernet"/>); null when this supernet is never split.</param>
    public RecurrentSupernet(RecurrentSearchCell cell, Func<RecurrentCell, Module> model, IChoicePolicy policy, Func<Random, RecurrentSearchCell>? cellFactory = null)
        : base(policy)
    {
        ArgumentNullException.ThrowIfNull(model);
        Cell = cell ?? throw new ArgumentNullException(nameof(cell));
        cell.Attach(() => Policy, BeginForward);
        Model = RegisterModule("model", model(cell));
        modelFactory = model;
        this.cellFactory = cellFactory;
    }

    private readonly Func<RecurrentCell, Module> modelFactory;
    private readonly Func<Random, RecurrentSearchCell>? cellFactory;

    public RecurrentSearchCell Cell { get; }

    /// <summary>The task model; call its task-specific forward (token windows with state, series windows) directly.</summary>
    public Module Model { get; }

    public override IReadOnlyList<(int Rows, int Choices)> Shapes => Cell.Shapes;

    public override IReadOnlyList<int> ActiveGroups => Cell.ActiveGroups;

    public override IReadOnlyList<Tensor> Gains => Cell.Gains;

    public override Tensor Forward(Tensor input) => Model.Forward(input);

    public override IReadOnlyList<int[]> DerivePath(float[][] probabilities) => Cell.DerivePath(probabilities);

    public override string Describe(IReadOnlyList<int[]> path) => Cell.Describe(path);

    public override double PathFlops(IReadOnlyList<int[]> path, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Cell.BaseFlops() + Cell.ActiveGroups.Sum(g => path[g].Select((k, row) => Cell.ChoiceFlops(g, row, k)).Sum());
    }

    public override double[][] ChoiceFlops(int imageSize)
    {
        var active = Cell.ActiveGroups.ToHashSet();
        return Shapes.Select((s, g) => Enumerable.Range(0, s.Rows * s.Choices)
            .Select(i => active.Contains(g) ? Cell.ChoiceFlops(g, i / s.Choices, i % s.Choices) : 0.0).ToArray()).ToArray();
    }

    /// <summary>The open choices of the row that the cell's derivation can keep (<see cref="RecurrentSearchCell.IsDerivable"/>).</summary>
    public override IReadOnlyList<int> SplitChoices(int group, int row) => Mask.Open(group, row).Where(k => Cell.IsDerivable(group, k)).ToArray();

    public override string RowName(int group, int row) => Cell.RowName(group, row);

    public override string ChoiceName(int group, int choice) => Cell.ChoiceName(group, choice);

    protected override ChoiceSupernet CreateSibling(IChoicePolicy childPolicy, Random random) =>
        cellFactory is { } factory
            ? new RecurrentSupernet(factory(random), modelFactory, childPolicy, cellFactory)
            : throw new InvalidOperationException("RecurrentSupernet: few-shot splits need the cell factory (pass cellFactory to the constructor).");

    public override double MixedFlops(int imageSize) => Cell.BaseFlops() + ChoiceFlops(imageSize).Sum(t => t.Sum());
}
