namespace NasSharp.Data;

/// <summary>The image datasets <see cref="DatasetCatalog"/> knows by name.</summary>
public enum ImageDatasetKind
{
    /// <summary>Built-in, generated from a seed (<see cref="SyntheticImages"/>); needs no files.</summary>
    Synthetic,

    /// <summary>MNIST handwritten digits, IDX files.</summary>
    Mnist,

    /// <summary>Fashion-MNIST (Xiao et al. 2017), IDX files.</summary>
    FashionMnist,

    /// <summary>CIFAR-10, binary batches.</summary>
    Cifar10,

    /// <summary>CIFAR-100 (fine labels), binary batches.</summary>
    Cifar100,
}
