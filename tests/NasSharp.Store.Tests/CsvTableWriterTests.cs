using NasSharp.Store;

namespace NasSharp.Store.Tests;

public sealed class CsvTableWriterTests : IDisposable
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
}
