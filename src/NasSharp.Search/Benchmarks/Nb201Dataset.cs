namespace NasSharp.Search.Benchmarks;

/// <summary>The three NAS-Bench-201 datasets.</summary>
public enum Nb201Dataset
{
    /// <summary>CIFAR-10.</summary>
    Cifar10,

    /// <summary>CIFAR-100.</summary>
    Cifar100,

    /// <summary>ImageNet16-120 (ImageNet downsampled to 16x16, 120 classes).</summary>
    ImageNet16,
}
