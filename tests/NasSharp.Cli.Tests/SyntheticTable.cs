using System.Globalization;
using System.Text;
using NasSharp.Search.Spaces;

namespace NasSharp.Cli.Tests;

/// <summary>
/// A full 15,625-row table in the benchmark's layout with made-up, deterministic metrics (the tests
/// never read the real table): search and report columns correlate, and a time column of 10-19 s.
/// </summary>
public sealed class SyntheticTable : IDisposable
{
    public SyntheticTable()
    {
        Directory.CreateDirectory(Root);
        var text = new StringBuilder("arch_index,arch,op_indices,cifar10_test,cifar10_valid_12ep,cifar10_time_12ep\n");
        for (var i = 0; i < Nb201Genotype.SpaceSize; i++)
        {
            var g = new Nb201Genotype(i);
            var convs = g.ToOps().Count(o => o == Nb201Operation.NorConv3x3);
            var valid = 60 + (4 * convs) + (i % 7 * 0.5);
            var test = 85 + (1.5 * convs) + (i % 5 * 0.1);
            text.Append(CultureInfo.InvariantCulture, $"{i},{g},{g.ToOpIndices()},{test},{valid},{10 + (i % 10)}\n");
        }

        Path = System.IO.Path.Combine(Root, "nb201.csv");
        File.WriteAllText(Path, text.ToString());
    }

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nassharp-cli-" + Guid.NewGuid().ToString("N"));

    public string Path { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
