using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// One benchmark class instance with one combination of its [Params] / [ParamsSource] values, set up
/// as BenchmarkDotNet would (its [GlobalSetup] run), so the quick driver times exactly the code the
/// BenchmarkDotNet suite times.
/// </summary>
public sealed class KernelCase
{
    private readonly IReadOnlyList<(PropertyInfo Property, object? Value)> combination;

    private KernelCase(object instance, IReadOnlyList<(PropertyInfo Property, object? Value)> combination)
    {
        Instance = instance;
        this.combination = combination;
        Parameters = string.Join(", ", combination.Select(c => $"{c.Property.Name}={c.Value}"));
    }

    public object Instance { get; }

    /// <summary>The parameter values, as "Shape=..., Pass=...".</summary>
    public string Parameters { get; }

    public string ClassName => Instance.GetType().Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal);

    /// <summary>Every parameter combination of every kernel benchmark class in this assembly, not yet set up.</summary>
    public static IEnumerable<KernelCase> All() =>
        from type in typeof(KernelCase).Assembly.GetTypes()
        where type.Namespace == typeof(KernelCase).Namespace && !type.IsAbstract && typeof(IKernelWork).IsAssignableFrom(type)
        orderby type.Name
        from combination in Combinations(type)
        select Create(type, combination);

    /// <summary>The benchmark methods, the baseline first.</summary>
    public IEnumerable<MethodInfo> Methods =>
        Instance.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() != null)
            .OrderByDescending(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline);

    /// <summary>Runs the [GlobalSetup] methods.</summary>
    public void Setup()
    {
        foreach (var method in Instance.GetType().GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() != null))
        {
            method.Invoke(Instance, null);
        }
    }

    /// <summary>Another instance with the same parameters and its own buffers, not yet set up.</summary>
    public KernelCase Copy() => Create(Instance.GetType(), combination);

    public KernelWork WorkOf(MethodInfo method) => ((IKernelWork)Instance).WorkOf(method.Name);

    public Action Delegate(MethodInfo method) => method.CreateDelegate<Action>(Instance);

    private static KernelCase Create(Type type, IReadOnlyList<(PropertyInfo Property, object? Value)> combination)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var (property, value) in combination)
        {
            property.SetValue(instance, value);
        }

        return new KernelCase(instance, combination);
    }

    private static IEnumerable<IReadOnlyList<(PropertyInfo Property, object? Value)>> Combinations(Type type)
    {
        IEnumerable<IReadOnlyList<(PropertyInfo, object?)>> result = [[]];
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var values = ValuesOf(type, property);
            if (values != null)
            {
                result = result.SelectMany(prefix => values.Select(v => (IReadOnlyList<(PropertyInfo, object?)>)[.. prefix, (property, v)])).ToList();
            }
        }

        return result;
    }

    private static object?[]? ValuesOf(Type type, PropertyInfo property)
    {
        if (property.GetCustomAttribute<ParamsAttribute>() is { } values)
        {
            return values.Values;
        }

        if (property.GetCustomAttribute<ParamsSourceAttribute>() is not { } source)
        {
            return null;
        }

        var member = type.GetProperty(source.Name, BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy);
        return ((System.Collections.IEnumerable)member!.GetValue(null)!).Cast<object?>().ToArray();
    }
}
