using NasSharp.NN;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// A supernet whose searchable layers are <see cref="IChoiceLayer"/>s driven by an injected <see cref="IChoicePolicy"/>
/// (the DARTS CNN search network, the chain space). <see cref="Shapes"/> gives the architecture tables it needs.
/// </summary>
public abstract class ChoiceSupernet : Module
{
    private IChoicePolicy policy;

    protected ChoiceSupernet(IChoicePolicy policy) => this.policy = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>How layers combine their choices; settable so one supernet is trained, evaluated and searched with different policies.</summary>
    public IChoicePolicy Policy
    {
        get => policy;
        set => policy = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Rows and choices of each architecture table, by group.</summary>
    public abstract IReadOnlyList<(int Rows, int Choices)> Shapes { get; }

    /// <summary>
    /// The discrete child of per-table probabilities (row-major [rows, choices] per group) as a path of this supernet:
    /// the argmax per row in a chain space; DARTS's two strongest inputs per node (other edges <c>none</c>) in the DARTS space.
    /// </summary>
    public abstract IReadOnlyList<int[]> DerivePath(float[][] probabilities);

    /// <summary>The text form of the architecture of a derived path in the space's own notation.</summary>
    public abstract string Describe(IReadOnlyList<int[]> path);

    /// <summary>Forward FLOPs for one image of the single path <paramref name="path"/>.</summary>
    public abstract double PathFlops(IReadOnlyList<int[]> path, int imageSize);

    /// <summary>
    /// Forward FLOPs for one image of every (row, choice) of every table, summed over the layers that share the row,
    /// row-major [rows, choices] per group: the cost table of an expected-FLOPs penalty.
    /// </summary>
    public abstract double[][] ChoiceFlops(int imageSize);

    /// <summary>A label for row <paramref name="row"/> of table <paramref name="group"/> (for records and plots).</summary>
    public abstract string RowName(int group, int row);

    /// <summary>The name of choice <paramref name="choice"/> in table <paramref name="group"/>.</summary>
    public abstract string ChoiceName(int group, int choice);

    /// <summary>Forward FLOPs for one image when every choice of every layer runs (a softmax-weighted forward pass).</summary>
    public abstract double MixedFlops(int imageSize);
}
