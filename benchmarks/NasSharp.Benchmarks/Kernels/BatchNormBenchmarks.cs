using BenchmarkDotNet.Attributes;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>Training-mode batch normalisation (<see cref="BatchNormBenchmarkBase"/>).</summary>
[Config(typeof(KernelBenchmarkConfig))]
public class BatchNormBenchmarks : BatchNormBenchmarkBase
{
    protected override bool Relu => false;
}
