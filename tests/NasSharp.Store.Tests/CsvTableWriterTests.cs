using CsvHelper;
using FsCheck.Fluent;
using NasSharp.Store;
using NasSharp.Testing;
using Xunit.Abstractions;

namespace NasSharp.Store.Tests;

public sealed class CsvTableWriterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "nassharp-csv-" + Guid.NewGuid().ToString("N") + ".csv");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void WriteRow_Values_WritesHeaderRowsInvariantAndRoundTripDoubles()
    {
        using (var csv = new CsvTableWriter(path, ["trial", "arch", "score", "report"]))
        {
            csv.WriteRow(1, "|none~0|", 0.1 + 0.2, null);
            csv.WriteRow(2, "a,\"b\"", 93.5, 94.0);
            Assert.Equal(2, csv.RowCount);
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal("trial,arch,score,report", lines[0]);
        Assert.Equal("1,|none~0|,0.30000000000000004,", lines[1]);
        Assert.Equal("2,\"a,\"\"b\"\"\",93.5,94", lines[2]);
        Assert.Equal(0.1 + 0.2, double.Parse(lines[1].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void WriteRow_WrongValueCount_ThrowsNamingBothCounts()
    {
        using var csv = new CsvTableWriter(path, ["a", "b"]);
        var ex = Assert.Throws<ArgumentException>(() => csv.WriteRow(1, 2, 3));
        Assert.Contains("3", ex.Message);
        Assert.Contains("2", ex.Message);
    }

    [Fact]
    public void Constructor_NoColumns_Throws() =>
        Assert.Throws<ArgumentException>(() => new CsvTableWriter(path, []));

    [Fact]
    public void WriteRow_CommasQuotesAndLineBreaks_ReadBackByCsvHelperUnchanged()
    {
        string[] fields = ["Genotype(normal=[('sep_conv_3x3', 1)], normal_concat=[2, 3])", "say \"hi\"", "two\nlines", " padded ", string.Empty];
        using (var csv = new CsvTableWriter(path, ["a", "b", "c", "d", "e"]))
        {
            csv.WriteRow(fields);
        }

        Assert.Equal(fields, ReadBack()[1]);
    }

    [Fact]
    public void WriteRow_FuzzedText_ReadBackByCsvHelperUnchanged()
    {
        var cases = 0;
        // UTF-8 cannot hold a lone surrogate (the encoder writes U+FFFD), so the text drawn is valid UTF-16.
        static string Valid(string text) => new([.. text.Where(c => !char.IsSurrogate(c))]);
        var text = Gen.OneOf(Fuzz.Noise(), Fuzz.Mutations("a,b", "\"q\"", "x\r\ny")).Select(Valid);
        Fuzz.Check(output, "csv table round trip", Gen.Zip(text, Fuzz.Noise().Select(Valid)), 500, pair =>
        {
            var file = $"{path}.{Interlocked.Increment(ref cases)}";
            try
            {
                using (var csv = new CsvTableWriter(file, ["first", "second"]))
                {
                    csv.WriteRow(pair.Item1, pair.Item2);
                }

                Assert.Equal([pair.Item1, pair.Item2], ReadBack(file)[1]);
            }
            finally
            {
                File.Delete(file);
            }
        });
    }

    private List<string[]> ReadBack(string? file = null)
    {
        using var reader = new StreamReader(file ?? path);
        using var csv = CsvReader.Create(reader, CsvReaderOptions.Default with { HasHeader = false }, leaveOpen: true);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? string.Empty)]);
        }

        return rows;
    }
}
