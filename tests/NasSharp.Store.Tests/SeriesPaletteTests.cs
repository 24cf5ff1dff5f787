namespace NasSharp.Store.Tests;

public class SeriesPaletteTests
{
    [Fact]
    public void All_HasNoYellow()
    {
        // Okabe-Ito's yellow (#F0E442) vanishes on white.
        Assert.DoesNotContain("#F0E442", SeriesPalette.All, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Style_KnownOperation_HasTheSameColourWhateverTheOrder()
    {
        var first = new SeriesPalette(["none", "skip_connect", "nor_conv_3x3"]);
        var second = new SeriesPalette(["nor_conv_3x3", "avg_pool_3x3"]);

        Assert.Equal(first.Style("nor_conv_3x3"), second.Style("nor_conv_3x3"));
    }

    [Fact]
    public void Style_OtherNamesNextToOperations_NeverReuseAnOperationsStyle()
    {
        string[] ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];
        var palette = new SeriesPalette([.. ops, "train", "valid"]);
        var styles = ops.Append("train").Append("valid").Append("repeat 9").Select(palette.Style).ToList();

        Assert.Equal(styles.Count, styles.Distinct().Count());
    }

    [Fact]
    public void Style_ManyNames_AreAllDistinct()
    {
        var palette = new SeriesPalette();
        var styles = Enumerable.Range(0, 20).Select(i => palette.Style($"series {i}")).ToList();

        Assert.Equal(20, styles.Distinct().Count());
    }
}
