using System.Reflection;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Training;

/// <summary>
/// The registry of differentiable methods: every <see cref="DifferentiableTrainer"/> subclass carrying a
/// <see cref="DifferentiableMethodAttribute"/>. Names at the parse/print boundary, what each method needs, and the
/// factory of its step procedure.
/// </summary>
public static class DifferentiableMethods
{
    private static readonly Registration[] Registry = typeof(DifferentiableTrainer).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(DifferentiableTrainer)) && !t.IsAbstract)
        .SelectMany(t => t.GetCustomAttributes<DifferentiableMethodAttribute>().Select(a => new Registration(a, Constructor(t))))
        .OrderBy(r => r.Attribute.Method)
        .ToArray();

    /// <summary>The accepted names, in enum order.</summary>
    public static IReadOnlyList<string> All { get; } = Registry.Select(r => r.Attribute.Name).ToArray();

    /// <summary>The CLI name, e.g. <c>darts2</c>.</summary>
    public static string Name(DifferentiableMethod method) => Find(method).Attribute.Name;

    /// <summary>The method named <paramref name="name"/> (case-insensitive); throws listing the valid names.</summary>
    public static DifferentiableMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        return Array.Find(Registry, r => r.Attribute.Name == key)?.Attribute.Method
            ?? throw new ArgumentException($"unknown method '{name}' (expected one of {string.Join(", ", All)})");
    }

    /// <summary>True for the methods that train a continuous mixture of every choice, not one sampled path.</summary>
    public static bool IsContinuous(DifferentiableMethod method) => Find(method).Attribute.Continuous;

    /// <summary>
    /// True for the bilevel methods that train weights on one half of the search data and the architecture on the
    /// other; the single-level ones train both on the same batches.
    /// </summary>
    public static bool IsBilevel(DifferentiableMethod method) => Find(method).Attribute.Bilevel;

    /// <summary>The step procedure of <paramref name="options"/>.Method on <paramref name="supernet"/>.</summary>
    public static DifferentiableTrainer Create(ChoiceSupernet supernet, DifferentiableSearchOptions options, int imageSize, int? scheduleEpochs, ChoiceTables? initialTables)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return (DifferentiableTrainer)Find(options.Method).Constructor.Invoke([supernet, options, imageSize, scheduleEpochs, initialTables]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static Registration Find(DifferentiableMethod method) =>
        Array.Find(Registry, r => r.Attribute.Method == method) ?? throw new ArgumentOutOfRangeException(nameof(method), method, "DifferentiableMethods: no trainer is registered for this method.");

    private static ConstructorInfo Constructor(Type trainer) =>
        trainer.GetConstructor([typeof(ChoiceSupernet), typeof(DifferentiableSearchOptions), typeof(int), typeof(int?), typeof(ChoiceTables)])
        ?? throw new InvalidOperationException($"{trainer.Name}: a registered method needs the constructor (ChoiceSupernet, DifferentiableSearchOptions, int, int?, ChoiceTables?).");

    private sealed record Registration(DifferentiableMethodAttribute Attribute, ConstructorInfo Constructor);
}
