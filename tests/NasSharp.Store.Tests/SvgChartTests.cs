using System.Xml.Linq;

namespace NasSharp.Store.Tests;

public class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static SvgSeries Line(string name, params double[] y) => new(name, y.Select((_, i) => (double)i).ToArray(), y);

    [Fact]
    public void Render_PanelsWithSeries_IsWellFormedSvgWithOnePolylinePerSeries()
    {
        var panels = new[]
        {
            new SvgPanel("edge 1<-0", [Line("none", 0.2, 0.1, 0.05), Line("skip_connect", 0.2, 0.5, 0.9)], 0, 1),
            new SvgPanel("loss & <accuracy>", [Line("train", 2.3, 1.1), Line("valid", 2.4, double.NaN, 1.3), Line("only", 5)]),
        };
        var document = XDocument.Parse(SvgChart.Render("DARTS \"run\"", panels, columns: 2));

        Assert.Equal(Svg + "svg", document.Root!.Name);
        var polylines = document.Descendants(Svg + "polyline").ToList();
        Assert.Equal(5, polylines.Count);
        Assert.Equal(2, polylines[3].Attribute("points")!.Value.Split(' ').Length);
        Assert.Single(document.Descendants(Svg + "circle"));
        Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "loss & <accuracy>");
        Assert.Contains(document.Descendants(Svg + "text"), t => t.Value == "DARTS \"run\"");
    }

    [Fact]
    public void Render_SameSeriesNameInTwoPanels_GetsTheSameColour()
    {
        var document = XDocument.Parse(SvgChart.Render("t", [new SvgPanel("a", [Line("x", 1, 2), Line("y", 2, 1)]), new SvgPanel("b", [Line("y", 0, 3)])]));
        var strokes = document.Descendants(Svg + "polyline").Select(p => p.Attribute("stroke")!.Value).ToList();
        Assert.NotEqual(strokes[0], strokes[1]);
        Assert.Equal(strokes[1], strokes[2]);
    }

    [Fact]
    public void Render_FixedRange_MapsValuesIntoThePanel()
    {
        var document = XDocument.Parse(SvgChart.Render("t", [new SvgPanel("p", [Line("s", 0, 1)], 0, 1)]));
        var points = document.Descendants(Svg + "polyline").Single().Attribute("points")!.Value.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        // Value 0 sits on the panel's bottom edge, value 1 on its top edge (170 pixels higher).
        Assert.Equal(170, points[0][1] - points[1][1], 6);
    }

    [Fact]
    public void Render_NoPanels_Throws() =>
        Assert.Throws<ArgumentException>(() => SvgChart.Render("t", []));

    [Fact]
    public void Render_NarrowProbabilitiesWithZeroOneLimits_SpreadOverThePanel()
    {
        var document = XDocument.Parse(SvgChart.Render("t", [new SvgPanel("edge", [Line("none", 0.19, 0.195), Line("skip_connect", 0.21, 0.205)], 0, 1)]));
        var ys = document.Descendants(Svg + "polyline").SelectMany(p => p.Attribute("points")!.Value.Split(' '))
            .Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        // 0.19 and 0.21 are 0.02 apart: on a 0-1 axis 3.4 pixels, on the fitted axis most of the 170-pixel panel.
        Assert.True(ys.Max() - ys.Min() > 140, $"spread {ys.Max() - ys.Min()} pixels");
    }

    [Fact]
    public void Render_AxisTitles_AreWritten()
    {
        var document = XDocument.Parse(SvgChart.Render("t", [new SvgPanel("p", [Line("s", 1, 2)], XTitle: "epoch", YTitle: "softmax weight")]));
        var texts = document.Descendants(Svg + "text").Select(t => t.Value).ToList();

        Assert.Contains("epoch", texts);
        Assert.Contains("softmax weight", texts);
    }

    [Fact]
    public void Render_ManySeries_NoYellowStroke()
    {
        var names = new[] { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "a", "b", "c", "d" };
        var document = XDocument.Parse(SvgChart.Render("t", [new SvgPanel("p", [.. names.Select(n => Line(n, 1, 2))])]));

        Assert.DoesNotContain(document.Descendants(Svg + "polyline"), p => string.Equals(p.Attribute("stroke")!.Value, "#F0E442", StringComparison.OrdinalIgnoreCase));
    }
}
