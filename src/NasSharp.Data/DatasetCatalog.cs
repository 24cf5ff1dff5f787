namespace NasSharp.Data;

/// <summary>
/// Finds the standard files of a named image dataset under a data directory and loads its training
/// and test sets. The directory may be the dataset's own folder or a parent holding it under a
/// conventional name (mnist/, fashion-mnist/, cifar10/, cifar-10-batches-bin/, ...). Names:
/// synthetic, mnist, fashion-mnist, cifar10, cifar100.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>The names <see cref="Parse"/> accepts, in display order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["synthetic", "mnist", "fashion-mnist", "cifar10", "cifar100"];

    /// <summary>The kind named <paramref name="name"/> (case-insensitive; "fashion_mnist" and "cifar-10" style spellings too).</summary>
    public static ImageDatasetKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant().Replace('_', '-') switch
        {
            "synthetic" => ImageDatasetKind.Synthetic,
            "mnist" => ImageDatasetKind.Mnist,
            "fashion-mnist" or "fashionmnist" => ImageDatasetKind.FashionMnist,
            "cifar10" or "cifar-10" => ImageDatasetKind.Cifar10,
            "cifar100" or "cifar-100" => ImageDatasetKind.Cifar100,
            _ => throw new ArgumentException($"Unknown dataset '{name}'; known: {string.Join(", ", Names)}."),
        };
    }

    /// <summary>The canonical name of <paramref name="kind"/>.</summary>
    public static string NameOf(ImageDatasetKind kind) => Names[(int)kind];

    /// <summary>The standard file names of <paramref name="kind"/> (each may also carry a .gz suffix).</summary>
    public static IReadOnlyList<string> ExpectedFiles(ImageDatasetKind kind) => kind switch
    {
        ImageDatasetKind.Synthetic => [],
        ImageDatasetKind.Mnist or ImageDatasetKind.FashionMnist =>
            ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
        ImageDatasetKind.Cifar10 =>
            ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"],
        ImageDatasetKind.Cifar100 => ["train.bin", "test.bin"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown dataset kind."),
    };

    /// <summary>Loads the dataset named <paramref name="name"/> from <paramref name="directory"/>.</summary>
    public static TrainTestSets Load(string name, string? directory) => Load(Parse(name), directory);

    /// <summary>
    /// Loads the training and test sets of <paramref name="kind"/>. The synthetic set needs no
    /// directory (it is <see cref="SyntheticImages.Standard"/>); the others throw a
    /// <see cref="FileNotFoundException"/> listing the expected files when some are missing.
    /// </summary>
    public static TrainTestSets Load(ImageDatasetKind kind, string? directory)
    {
        if (kind == ImageDatasetKind.Synthetic)
        {
            return SyntheticImages.Standard();
        }

        var name = NameOf(kind);
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException($"Dataset {name} is read from files: give its data directory (nas ... --data DIR).");
        }

        var files = Resolve(kind, directory);
        return kind switch
        {
            ImageDatasetKind.Cifar10 => new(
                CifarBinary.Load(files.Take(5).ToList(), cifar100: false, $"{name}/train"),
                CifarBinary.Load([files[5]], cifar100: false, $"{name}/test")),
            ImageDatasetKind.Cifar100 => new(
                CifarBinary.Load([files[0]], cifar100: true, $"{name}/train"),
                CifarBinary.Load([files[1]], cifar100: true, $"{name}/test")),
            _ => new(
                IdxDataset.Load(files[0], files[1], 10, $"{name}/train"),
                IdxDataset.Load(files[2], files[3], 10, $"{name}/test")),
        };
    }

    /// <summary>The full paths of the expected files of <paramref name="kind"/> under <paramref name="directory"/>, in <see cref="ExpectedFiles"/> order.</summary>
    public static IReadOnlyList<string> Resolve(ImageDatasetKind kind, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var expected = ExpectedFiles(kind);
        var candidates = SubdirectoryNames(kind).Select(s => s.Length == 0 ? directory : Path.Combine(directory, s)).Where(Directory.Exists).ToList();
        foreach (var folder in candidates)
        {
            var found = expected.Select(f => Find(folder, f)).ToList();
            if (found.TrueForAll(f => f != null))
            {
                return found.Select(f => f!).ToList();
            }

            if (found.Exists(f => f != null))
            {
                var missing = expected.Where((_, i) => found[i] == null).Select(f => f + "[.gz]");
                throw new FileNotFoundException($"Dataset {NameOf(kind)}: {folder} holds some of its files but lacks {string.Join(", ", missing)}.");
            }
        }

        var looked = candidates.Count > 0 ? string.Join(", ", candidates) : $"{directory} (which does not exist)";
        throw new FileNotFoundException($"Dataset {NameOf(kind)}: no dataset files found in {looked}; expected {string.Join(", ", expected.Select(f => f + "[.gz]"))}.");
    }

    private static string? Find(string folder, string file)
    {
        var plain = Path.Combine(folder, file);
        return File.Exists(plain) ? plain : File.Exists(plain + ".gz") ? plain + ".gz" : null;
    }

    private static string[] SubdirectoryNames(ImageDatasetKind kind) => kind switch
    {
        ImageDatasetKind.Mnist => ["", "mnist", "MNIST/raw"],
        ImageDatasetKind.FashionMnist => ["", "fashion-mnist", "fashion_mnist", "FashionMNIST/raw"],
        ImageDatasetKind.Cifar10 => ["", "cifar10", "cifar-10-batches-bin", Path.Combine("cifar10", "cifar-10-batches-bin")],
        ImageDatasetKind.Cifar100 => ["", "cifar100", "cifar-100-binary", Path.Combine("cifar100", "cifar-100-binary")],
        _ => [""],
    };
}
