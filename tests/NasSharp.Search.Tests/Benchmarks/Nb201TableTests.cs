using NasSharp.Search.Benchmarks;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.Tests.Benchmarks;

public sealed class Nb201TableTests : IDisposable
{
    private readonly TableFiles files = new();

    public void Dispose() => files.Dispose();

    private string ValidTable() => files.Write(
        "ok.csv", TableFiles.Header, TableFiles.Row(7, 100, 93.5, 80.25), TableFiles.Row(3, 6111, 94.37, 84.384), TableFiles.Row(0, 0, 10.0, 10.0));

    [Fact]
    public void Load_ValidTable_ReadsEveryMetricAndIndex()
    {
        var table = Nb201Table.Load(ValidTable());
        Assert.Equal(3, table.Count);
        Assert.Equal(new[] { "cifar10_test", "cifar10_valid_12ep" }, table.Columns);
        var g = new Nb201Genotype(6111);
        Assert.Equal(94.37, table.Get(g, "cifar10_test"));
        Assert.Equal(84.384, table.Get(g, "cifar10_valid_12ep"));
        Assert.Equal(3, table.BenchmarkIndex(g));
        Assert.True(table.Contains(new Nb201Genotype(0)));
        Assert.False(table.Contains(new Nb201Genotype(1)));
        Assert.Equal(new[] { 0, 100, 6111 }, table.Genotypes().Select(x => x.Index));
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var path = Path.Combine(files.Root, "absent.csv");
        var ex = Assert.Throws<FileNotFoundException>(() => Nb201Table.Load(path));
        Assert.Contains("absent.csv", ex.Message);
    }

    [Fact]
    public void Get_MissingColumn_ThrowsNamingColumnAndListingOthers()
    {
        var table = Nb201Table.Load(ValidTable());
        var ex = Assert.Throws<ArgumentException>(() => table.Get(new Nb201Genotype(0), "cifar10_valid"));
        Assert.Contains("'cifar10_valid'", ex.Message);
        Assert.Contains("cifar10_valid_12ep", ex.Message);
    }

    [Fact]
    public void Get_GenotypeNotInTable_ThrowsNamingIt()
    {
        var table = Nb201Table.Load(ValidTable());
        var ex = Assert.Throws<ArgumentException>(() => table.Get(new Nb201Genotype(5), "cifar10_test"));
        Assert.Contains(new Nb201Genotype(5).ToString(), ex.Message);
    }

    [Fact]
    public void Load_DuplicateArchitecture_ThrowsNamingBothLines()
    {
        var path = files.Write("dup.csv", TableFiles.Header, TableFiles.Row(0, 42, 1, 1), TableFiles.Row(1, 7, 1, 1), TableFiles.Row(2, 42, 2, 2));
        var ex = Assert.Throws<InvalidDataException>(() => Nb201Table.Load(path));
        Assert.Contains("line 4", ex.Message);
        Assert.Contains("duplicates line 2", ex.Message);
    }

    [Fact]
    public void Load_MalformedArchitecture_ThrowsNamingLineAndValue()
    {
        var path = files.Write("bad.csv", TableFiles.Header, TableFiles.Row(0, 1, 1, 1), "1,|none~0|+|conv~0|none~1|+|none~0|none~1|none~2|,000000,1,1");
        var ex = Assert.Throws<InvalidDataException>(() => Nb201Table.Load(path));
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("malformed architecture", ex.Message);
        Assert.Contains("conv~0", ex.Message);
    }

    [Theory]
    [InlineData("0,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,000001,1,1", "op_indices")]
    [InlineData("0,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,000000,abc,1", "'abc'")]
    [InlineData("0,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,000000,1", "fields")]
    [InlineData("-4,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,000000,1,1", "arch_index")]
    public void Load_MalformedRow_ThrowsNamingTheProblem(string row, string expected)
    {
        var path = files.Write("row.csv", TableFiles.Header, row);
        var ex = Assert.Throws<InvalidDataException>(() => Nb201Table.Load(path));
        Assert.Contains("line 2", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Load_HeaderWithoutArch_Throws()
    {
        var path = files.Write("noarch.csv", "arch_index,cifar10_test", "0,1");
        var ex = Assert.Throws<InvalidDataException>(() => Nb201Table.Load(path));
        Assert.Contains("'arch'", ex.Message);
    }

    [Fact]
    public void Load_MinimalLayout_OnlyArchAndOneMetric()
    {
        var path = files.Write("min.csv", "arch,acc", $"{new Nb201Genotype(9)},50.5");
        var table = Nb201Table.Load(path);
        Assert.Equal(50.5, table.Get(new Nb201Genotype(9), "acc"));
        Assert.Null(table.BenchmarkIndex(new Nb201Genotype(9)));
    }
}
