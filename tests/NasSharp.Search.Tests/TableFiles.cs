using System.Globalization;
using System.Text;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.Tests;

/// <summary>Tiny benchmark CSVs in a temporary directory (tests never read the real table).</summary>
internal sealed class TableFiles : IDisposable
{
    public const string Header = "arch_index,arch,op_indices,cifar10_test,cifar10_valid_12ep";

    public TableFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "nassharp-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>A row in the documented layout: benchmark index, string, op indices, two metrics.</summary>
    public static string Row(int archIndex, int genotypeIndex, double test, double valid)
    {
        var g = new Nb201Genotype(genotypeIndex);
        return string.Create(CultureInfo.InvariantCulture, $"{archIndex},{g},{g.ToOpIndices()},{test},{valid}");
    }

    public string Write(string name, params string[] lines)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
