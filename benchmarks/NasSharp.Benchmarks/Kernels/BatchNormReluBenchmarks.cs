using BenchmarkDotNet.Attributes;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// Training-mode batch normalisation fused with the ReLU after it (<c>Ops.BatchNorm2dRelu</c>: ShuffleNetV2 blocks and
/// DARTS's separable convolutions; <see cref="BatchNormBenchmarkBase"/>).
/// </summary>
[Config(typeof(KernelBenchmarkConfig))]
public class BatchNormReluBenchmarks : BatchNormBenchmarkBase
{
    protected override bool Relu => true;
}
