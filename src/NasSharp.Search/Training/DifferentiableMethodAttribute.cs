namespace NasSharp.Search.Training;

/// <summary>
/// Registers a <see cref="DifferentiableTrainer"/> subclass as the step procedure of <see cref="Method"/>, with the name
/// users type and what the method needs. <see cref="DifferentiableMethods"/> finds every registered trainer, so adding a
/// method is its enum value and its trainer file. The trainer needs the constructor
/// (ChoiceSupernet, DifferentiableSearchOptions, int imageSize, int? scheduleEpochs, ChoiceTables? initialTables).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DifferentiableMethodAttribute(DifferentiableMethod method, string name) : Attribute
{
    public DifferentiableMethod Method { get; } = method;

    /// <summary>The name at the parse/print boundary, e.g. <c>darts2</c>.</summary>
    public string Name { get; } = name;

    /// <summary>True when weights train on one half of the search data and the architecture on the other (DARTS, GDAS).</summary>
    public bool Bilevel { get; init; }

    /// <summary>True when the method trains a continuous mixture of every choice rather than one sampled path (DARTS, SNAS).</summary>
    public bool Continuous { get; init; }
}
