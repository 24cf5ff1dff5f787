using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

public sealed class ScoringFileTests : IDisposable
{
    private const string Nb201Arch = "|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|none~2|";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Read_CsvArchAndScore_KeepsOrderAndOpaqueKeys()
    {
        var scoring = ScoringFile.Read(temp.Write("s.csv", $"arch,acc\n{Nb201Arch},93.5\n|b|,-1e-3\n"));
        Assert.Equal([Nb201Arch, "|b|"], scoring.Architectures);
        Assert.Equal(93.5, scoring[Nb201Arch]);
        Assert.Equal(-0.001, scoring["|b|"]);
        Assert.Equal("acc", scoring.ScoreName);
    }

    [Fact]
    public void Read_CsvWithoutArchHeader_UsesFirstTwoColumns()
    {
        var scoring = ScoringFile.Read(temp.Write("s.csv", "genotype,value,other\nx,1,7\ny,2,8\n"));
        Assert.Equal(2.0, scoring["y"]);
        Assert.Equal("value", scoring.ScoreName);
    }

    [Fact]
    public void Read_Nb201TableLayout_NamedScoreColumnAndArchColumn()
    {
        var path = temp.Write("nb201.csv", $"arch_index,arch,op_indices,cifar10_test\n0,{Nb201Arch},\"0,1,2\",91.2\n1,|b|,\"3,3,3\",10\n");
        var scoring = ScoringFile.Read(path, "cifar10_test");
        Assert.Equal([Nb201Arch, "|b|"], scoring.Architectures);
        Assert.Equal(91.2, scoring[Nb201Arch]);
    }

    [Fact]
    public void Read_ArchNotFirstAmongManyColumnsWithoutScoreColumn_ThrowsListingColumns()
    {
        var path = temp.Write("nb201.csv", "arch_index,arch,cifar10_test\n0,|a|,91.2\n");
        var ex = Assert.Throws<ArgumentException>(() => ScoringFile.Read(path));
        Assert.Contains("nb201.csv", ex.Message);
        Assert.Contains("arch_index, arch, cifar10_test", ex.Message);
    }

    [Fact]
    public void Read_TwoColumnsArchitectureSecond_ScoresFromFirst()
    {
        var scoring = ScoringFile.Read(temp.Write("s.csv", "score,Architecture\n0.5,|a|\n"));
        Assert.Equal(0.5, scoring["|a|"]);
    }

    [Fact]
    public void Read_QuotedFieldsCrLfAndBlankLines_Parsed()
    {
        var scoring = ScoringFile.Read(temp.Write("s.csv", "arch,score\r\n\"x,\"\"y\"\"\", 2.5 \r\n\r\n z ,3\r\n"));
        Assert.Equal(2.5, scoring["x,\"y\""]);
        Assert.Equal(3.0, scoring["z"]);
        Assert.Equal(2, scoring.Count);
    }

    [Fact]
    public void Read_CsvDuplicateArchitecture_ThrowsNamingArchFileAndLines()
    {
        var path = temp.Write("dup.csv", "arch,score\n|a|,1\n|b|,2\n|a|,3\n");
        var ex = Assert.Throws<InvalidDataException>(() => ScoringFile.Read(path));
        Assert.Contains("dup.csv", ex.Message);
        Assert.Contains("'|a|'", ex.Message);
        Assert.Contains("lines 2 and 4", ex.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("1,5")]
    public void Read_CsvBadScore_ThrowsNamingLine(string score)
    {
        var path = temp.Write("bad.csv", $"arch,score\n|a|,1\n\"|b|\",\"{score}\"\n");
        var ex = Assert.Throws<FormatException>(() => ScoringFile.Read(path));
        Assert.Contains("bad.csv line 3", ex.Message);
    }

    [Fact]
    public void Read_CsvRowWithExtraField_ThrowsNamingLine()
    {
        var path = temp.Write("bad.csv", "arch,score\n|a|,1,2\n");
        var ex = Assert.Throws<FormatException>(() => ScoringFile.Read(path));
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("3 fields", ex.Message);
    }

    [Fact]
    public void Read_CsvUnclosedQuote_ThrowsNamingLine()
    {
        var ex = Assert.Throws<FormatException>(() => ScoringFile.Read(temp.Write("bad.csv", "arch,score\n\"|a|,1\n")));
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void Read_CsvUnknownScoreColumn_ThrowsListingColumns()
    {
        var ex = Assert.Throws<ArgumentException>(() => ScoringFile.Read(temp.Write("s.csv", "arch,acc\n|a|,1\n"), "loss"));
        Assert.Contains("'loss'", ex.Message);
        Assert.Contains("arch, acc", ex.Message);
    }

    [Fact]
    public void Read_EmptyCsv_Throws() =>
        Assert.Throws<InvalidDataException>(() => ScoringFile.Read(temp.Write("empty.csv", "\n\n")));

    [Fact]
    public void Read_JsonObject_MapsArchitectureToScore()
    {
        var scoring = ScoringFile.Read(temp.Write("s.json", $"{{\"{Nb201Arch}\": 0.25, \"|b|\": 1e2}}"));
        Assert.Equal([Nb201Arch, "|b|"], scoring.Architectures);
        Assert.Equal(100.0, scoring["|b|"]);
        Assert.Null(scoring.ScoreName);
    }

    [Fact]
    public void Read_JsonArray_DefaultAndNamedScoreFields()
    {
        var path = temp.Write("s.json", "[{\"arch\": \"|a|\", \"score\": 1, \"valid\": 5}, {\"Architecture\": \"|b|\", \"score\": 2, \"valid\": 4}]");
        Assert.Equal(2.0, ScoringFile.Read(path)["|b|"]);
        Assert.Equal(4.0, ScoringFile.Read(path, "valid")["|b|"]);
    }

    [Fact]
    public void Read_JsonContentWithoutExtension_DetectedFromText()
    {
        var scoring = ScoringFile.Read(temp.Write("scores", "  {\"|a|\": 3}"));
        Assert.Equal(3.0, scoring["|a|"]);
    }

    [Fact]
    public void Read_JsonObjectDuplicateArchitecture_ThrowsNamingArchAndFile()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ScoringFile.Read(temp.Write("dup.json", "{\"|a|\": 1, \"|a|\": 2}")));
        Assert.Contains("dup.json", ex.Message);
        Assert.Contains("'|a|'", ex.Message);
    }

    [Fact]
    public void Read_JsonArrayDuplicateArchitecture_ThrowsNamingElements()
    {
        var path = temp.Write("dup.json", "[{\"arch\": \"|a|\", \"score\": 1}, {\"arch\": \"|a|\", \"score\": 2}]");
        var ex = Assert.Throws<InvalidDataException>(() => ScoringFile.Read(path));
        Assert.Contains("'|a|'", ex.Message);
        Assert.Contains("elements 0 and 1", ex.Message);
    }

    [Theory]
    [InlineData("{\"|a|\": 1, \"|b|\": \"high\"}", "'|b|'")]
    [InlineData("{\"|a|\": null}", "'|a|'")]
    [InlineData("[{\"arch\": \"|a|\", \"score\": true}]", "element 0")]
    public void Read_JsonNonNumericScore_ThrowsNamingWhere(string json, string where)
    {
        var ex = Assert.Throws<FormatException>(() => ScoringFile.Read(temp.Write("bad.json", json)));
        Assert.Contains("bad.json", ex.Message);
        Assert.Contains(where, ex.Message);
    }

    [Theory]
    [InlineData("{\"|a|\": 1")]
    [InlineData("42")]
    [InlineData("[{\"score\": 1}]")]
    [InlineData("[{\"arch\": 5, \"score\": 1}]")]
    [InlineData("[3]")]
    public void Read_JsonMalformedOrWrongShape_ThrowsInvalidDataNamingFile(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ScoringFile.Read(temp.Write("bad.json", json)));
        Assert.Contains("bad.json", ex.Message);
    }

    [Fact]
    public void Read_JsonObjectWithScoreField_ThrowsBecauseItHasNoFields() =>
        Assert.Throws<ArgumentException>(() => ScoringFile.Read(temp.Write("s.json", "{\"|a|\": 1}"), "valid"));

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => ScoringFile.Read(Path.Combine(temp.Root, "nope.csv")));

    [Fact]
    public void Load_NamedScoreColumn_SameAsRead()
    {
        var path = temp.Write("s.csv", "arch,a,b\n|x|,1,2\n");
        var file = new ScoringFile(path, "b");
        Assert.Equal(path, file.Description);
        Assert.Equal(2.0, file.Load()["|x|"]);
        Assert.Equal(path, file.Load().Source);
    }
}
