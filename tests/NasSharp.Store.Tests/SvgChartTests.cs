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
}
