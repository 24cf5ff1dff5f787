namespace NasSharp.Data.Tests;

public class TimeSeriesDatasetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_CommaSeparatedRows_ReadsValuesAndScalesByColumnMaxAbs(bool gzip)
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("series.txt.gz", "1.5,-4,0\n3,2,0\n\n-6, 1 ,0\n", gzip);

        var series = TimeSeriesDataset.Load(path);

        Assert.Equal((3, 3), (series.Rows, series.Columns));
        Assert.Equal(new[] { 1.5f, -4f, 0f, 3f, 2f, 0f, -6f, 1f, 0f }, series.Raw.ToArray());
        Assert.Equal(new[] { 6f, 4f, 1f }, series.Scale.ToArray());
        Assert.Equal(new[] { 0.25f, -1f, 0f, 0.5f, 0.5f, 0f, -1f, 0.25f, 0f }, series.Scaled.ToArray());
    }

    [Fact]
    public void Load_QuotedFields_ReadAsTheirValues()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("quoted.txt", "\"1.5\",\"-4\"\n3,\" 2 \"\n");

        var series = TimeSeriesDataset.Load(path);

        Assert.Equal(new[] { 1.5f, -4f, 3f, 2f }, series.Raw.ToArray());
    }

    [Fact]
    public void Load_QuotedFieldWithComma_IsOneFieldNamedInTheError()
    {
        // "1,5" is one field (a decimal comma), not two columns: the error names it rather than a ragged row.
        using var dir = new TempDirectory();
        var path = dir.WriteText("comma.txt", "1,2\n\"1,5\",2\n");

        var ex = Assert.Throws<InvalidDataException>(() => TimeSeriesDataset.Load(path));
        Assert.Contains("line 2, column 1: '1,5' is not a finite number", ex.Message);
    }

    [Fact]
    public void Load_UnclosedQuote_ThrowsNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("open.txt", "1,2\n\"3,4\n");

        var ex = Assert.Throws<InvalidDataException>(() => TimeSeriesDataset.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void Load_RaggedRow_ThrowsNamingFileLineAndColumnCounts()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("s.txt", "1,2,3\n4,5,6\n7,8\n");

        var ex = Assert.Throws<InvalidDataException>(() => TimeSeriesDataset.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("ragged", ex.Message);
        Assert.Contains("2 columns", ex.Message);
        Assert.Contains("has 3", ex.Message);
    }

    [Theory]
    [InlineData("1,2\n3,abc\n", "line 2, column 2", "'abc'")]
    [InlineData("1,2\nNaN,3\n", "line 2, column 1", "'NaN'")]
    [InlineData("1,,2\n", "line 1, column 2", "''")]
    public void Load_NonNumericValue_ThrowsNamingLineAndColumn(string text, string where, string value)
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("s.txt", text);

        var ex = Assert.Throws<InvalidDataException>(() => TimeSeriesDataset.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains(where, ex.Message);
        Assert.Contains(value, ex.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("absent.txt.gz");
        var ex = Assert.Throws<FileNotFoundException>(() => TimeSeriesDataset.Load(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Load_TruncatedGzip_ThrowsRatherThanLoadingPart()
    {
        using var dir = new TempDirectory();
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i}.123456,{i * 3}.654321\n"));
        var whole = File.ReadAllBytes(dir.WriteText("whole.gz", text, gzip: true));
        var path = dir.Write("cut.gz", whole[..(whole.Length * 2 / 3)]);

        var ex = Assert.Throws<InvalidDataException>(() => TimeSeriesDataset.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Unscale_ScaledValues_GiveRawValuesBack()
    {
        var series = new TimeSeriesDataset("s", [2f, -8f, 1f, 4f], 2, 2);
        var values = series.Scaled.ToArray();

        series.Unscale(values);

        Assert.Equal(series.Raw.ToArray(), values);
    }

    [Fact]
    public void LoadNamed_SeriesInTimeseriesSubfolder_IsFoundWithGzSuffix()
    {
        using var dir = new TempDirectory();
        dir.WriteText("timeseries/rates.txt.gz", "1,2\n3,4\n", gzip: true);

        var series = TimeSeriesDataset.LoadNamed("rates", dir.Path);

        Assert.Equal(("rates", 2, 2), (series.Name, series.Rows, series.Columns));
    }

    [Fact]
    public void LoadNamed_Missing_ThrowsListingThePlacesLookedAt()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<FileNotFoundException>(() => TimeSeriesDataset.LoadNamed("solar_AL", dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "timeseries", "solar_AL.txt.gz"), ex.Message);
    }
}
