using System.Globalization;
using System.Text;

namespace NasSharp.Store;

/// <summary>
/// Writes a grid of small line charts as plain SVG 1.1 text (no dependencies): a title, a legend of every series
/// name, then the panels row by row, each with a frame, its title, y-axis end labels, x-axis end labels and one
/// polyline per series (points that are not finite are skipped; a single point is drawn as a dot). Series are
/// coloured by name, so the same name has the same colour in every panel. Text is XML-escaped.
/// </summary>
public static class SvgChart
{
    private const int PanelWidth = 260;
    private const int PanelHeight = 170;
    private const int Margin = 36;
    private const int Header = 56;

    // Colour-blind-safe palette (Okabe & Ito 2008), then a few extra tones.
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999", "#882255"];

    /// <summary>The SVG document for <paramref name="panels"/>, <paramref name="columns"/> per row.</summary>
    public static string Render(string title, IReadOnlyList<SvgPanel> panels, int columns = 3)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(panels);
        if (columns <= 0 || panels.Count == 0)
        {
            throw new ArgumentException($"SvgChart: need at least one panel and one column (got {panels.Count} panels, {columns} columns).");
        }

        var names = panels.SelectMany(p => p.Series).Select(s => s.Name).Distinct().ToList();
        var rows = (panels.Count + columns - 1) / columns;
        var width = (columns * (PanelWidth + Margin)) + Margin;
        var height = Header + (rows * (PanelHeight + Margin)) + Margin;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Margin}\" y=\"20\" font-size=\"14\">{Escape(title)}</text>\n"));
        AppendLegend(svg, names);
        for (var i = 0; i < panels.Count; i++)
        {
            var x0 = Margin + ((i % columns) * (PanelWidth + Margin));
            var y0 = Header + ((i / columns) * (PanelHeight + Margin)) + Margin;
            AppendPanel(svg, panels[i], x0, y0, names);
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Renders and writes the chart to <paramref name="path"/> (UTF-8, replaced atomically enough for a progress file).</summary>
    public static void Write(string path, string title, IReadOnlyList<SvgPanel> panels, int columns = 3)
    {
        var text = Render(title, panels, columns);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    private static void AppendLegend(StringBuilder svg, List<string> names)
    {
        var x = Margin;
        for (var k = 0; k < names.Count; k++)
        {
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"32\" width=\"12\" height=\"4\" fill=\"{Colour(k)}\"/><text x=\"{x + 16}\" y=\"38\" font-size=\"11\">{Escape(names[k])}</text>\n"));
            x += 24 + (7 * names[k].Length);
        }
    }

    private static void AppendPanel(StringBuilder svg, SvgPanel panel, int x0, int y0, List<string> names)
    {
        var points = panel.Series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        var (xMin, xMax) = Range(points.Select(p => p.First), null, null, pad: false);
        var (yMin, yMax) = Range(points.Select(p => p.Second), panel.YMin, panel.YMax, pad: true);
        svg.Append(Invariant($"<g>\n<rect x=\"{x0}\" y=\"{y0}\" width=\"{PanelWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#888\"/>\n"));
        svg.Append(Invariant($"<text x=\"{x0}\" y=\"{y0 - 6}\" font-size=\"12\">{Escape(panel.Title)}</text>\n"));
        svg.Append(Invariant($"<text x=\"{x0 - 4}\" y=\"{y0 + 10}\" font-size=\"9\" text-anchor=\"end\">{Label(yMax)}</text>\n"));
        svg.Append(Invariant($"<text x=\"{x0 - 4}\" y=\"{y0 + PanelHeight}\" font-size=\"9\" text-anchor=\"end\">{Label(yMin)}</text>\n"));
        svg.Append(Invariant($"<text x=\"{x0}\" y=\"{y0 + PanelHeight + 12}\" font-size=\"9\">{Label(xMin)}</text>\n"));
        svg.Append(Invariant($"<text x=\"{x0 + PanelWidth}\" y=\"{y0 + PanelHeight + 12}\" font-size=\"9\" text-anchor=\"end\">{Label(xMax)}</text>\n"));
        foreach (var series in panel.Series)
        {
            var colour = Colour(names.IndexOf(series.Name));
            var coordinates = series.X.Zip(series.Y)
                .Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second))
                .Select(p => (X: x0 + (PanelWidth * Scale(p.First, xMin, xMax)), Y: y0 + PanelHeight - (PanelHeight * Scale(p.Second, yMin, yMax))))
                .ToList();
            var list = string.Join(" ", coordinates.Select(c => Invariant($"{c.X:F1},{c.Y:F1}")));
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{list}\"><title>{Escape(series.Name)}</title></polyline>\n"));
            if (coordinates.Count == 1)
            {
                svg.Append(Invariant($"<circle cx=\"{coordinates[0].X:F1}\" cy=\"{coordinates[0].Y:F1}\" r=\"2.5\" fill=\"{colour}\"/>\n"));
            }
        }

        svg.Append("</g>\n");
    }

    private static (double Min, double Max) Range(IEnumerable<double> values, double? fixedMin, double? fixedMax, bool pad)
    {
        var list = values.ToList();
        var min = fixedMin ?? (list.Count > 0 ? list.Min() : 0);
        var max = fixedMax ?? (list.Count > 0 ? list.Max() : 1);
        if (max <= min)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }
        else if (pad && fixedMin == null && fixedMax == null)
        {
            var margin = 0.05 * (max - min);
            (min, max) = (min - margin, max + margin);
        }

        return (min, max);
    }

    private static double Scale(double value, double min, double max) => Math.Clamp((value - min) / (max - min), 0, 1);

    private static string Colour(int index) => Palette[Math.Max(0, index) % Palette.Length];

    private static string Label(double value) => value.ToString(Math.Abs(value) >= 100 ? "F0" : "G3", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);
}
