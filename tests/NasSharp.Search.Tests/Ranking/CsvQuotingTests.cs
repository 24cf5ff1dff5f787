using NasSharp.Search.Benchmarks;
using NasSharp.Search.Ranking;

namespace NasSharp.Search.Tests.Ranking;

/// <summary>The CSV readers go through CsvHelper, so RFC 4180 quoting works: a comma inside quotes is not a separator.</summary>
public sealed class CsvQuotingTests : IDisposable
{
    private const string A = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";
    private readonly string directory = Directory.CreateTempSubdirectory("nassharp-csv-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ScoringFileRead_QuotedFieldWithComma_StaysOneField()
    {
        var path = Path.Combine(directory, "s.csv");
        File.WriteAllText(path, $"arch,note,score\n\"{A}\",\"tall, thin \"\"cell\"\"\",91.5\n");
        var scoring = ScoringFile.Read(path, "score");
        Assert.Equal([A], scoring.Architectures);
        Assert.Equal(91.5, scoring[A]);
    }

    [Fact]
    public void ScoringFileRead_InfiniteScore_ThrowsNamingLineAndColumn()
    {
        var path = Path.Combine(directory, "inf.csv");
        File.WriteAllText(path, $"arch,acc\n{A},Infinity\n");
        var ex = Assert.Throws<FormatException>(() => ScoringFile.Read(path));
        Assert.Equal($"{path} line 2: score 'Infinity' in column 'acc' is not a finite number", ex.Message);
    }

    [Fact]
    public void Nb201TableRead_QuotedHeaderAndFieldsWithCommas_ReadsTheRow()
    {
        var table = Nb201Table.Read(new StringReader($"arch,\"valid, 12 epochs\",test\n\"{A}\",\"80.5\",91.25\n"), "t.csv");
        Assert.Equal(1, table.Count);
        Assert.Equal(80.5, table.Get(Search.Spaces.Nb201Genotype.Parse(A), "valid, 12 epochs"));
    }

    [Fact]
    public void Nb201TableRead_UnclosedQuote_ThrowsInvalidDataNamingTheSource()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Nb201Table.Read(new StringReader($"arch,test\n\"{A},91\n"), "t.csv"));
        Assert.Contains("t.csv", ex.Message);
    }
}
