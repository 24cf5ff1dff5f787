using System.Reflection;
using BenchmarkDotNet.Running;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// Finds the <see cref="KernelWork"/> of a benchmark case: a fresh instance of the benchmark class gets
/// the case's parameter values and is asked through <see cref="IKernelWork"/> (no setup runs).
/// </summary>
public static class KernelWorkLookup
{
    public static KernelWork? WorkOf(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        if (!typeof(IKernelWork).IsAssignableFrom(type) || Activator.CreateInstance(type) is not IKernelWork instance)
        {
            return null;
        }

        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            type.GetProperty(parameter.Name, BindingFlags.Public | BindingFlags.Instance)?.SetValue(instance, parameter.Value);
        }

        return instance.WorkOf(benchmarkCase.Descriptor.WorkloadMethod.Name);
    }
}
