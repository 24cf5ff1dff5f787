using NasSharp.Search.Ranking.Arms;

namespace NasSharp.Search.Tests.Ranking.Arms;

public sealed class PickListTests
{
    [Fact]
    public void Read_RunDirectory_ReadsRepeatsGenotypesInOrderKeepingRepeats()
    {
        using var temp = new NasSharp.Search.Tests.Ranking.TempDirectory();
        temp.Write(PickList.RepeatsFile, "repeat,seed,genotype,search\n0,0,\"|b~0|\",1\n1,1,|a~0|,2\n2,2,|b~0|,3\n");
        Assert.Equal(["|b~0|", "|a~0|", "|b~0|"], PickList.Read(temp.Root));
    }

    [Fact]
    public void Read_NoGenotypeColumn_NamesTheHeader()
    {
        using var temp = new NasSharp.Search.Tests.Ranking.TempDirectory();
        var path = temp.Write("p.csv", "arch,score\nx,1\n");
        Assert.Contains("has no genotype column (header: arch,score)", Assert.Throws<ArgumentException>(() => PickList.Read(path)).Message, StringComparison.Ordinal);
    }
}
