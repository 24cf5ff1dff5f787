using System.Globalization;
using System.Text;

namespace NasSharp.Store;

/// <summary>
/// Writes a grid of small line charts as plain SVG 1.1 text (no dependencies): a title, a legend of every series
/// name, then the panels row by row, each with a frame, its title, 1-2-5 ticks with grid lines, axis titles when the
/// panel has them, and one polyline per series (points that are not finite are skipped; a single point is drawn as a
/// dot). The y axis fits the data with a little padding, inside the panel's limits (<see cref="SvgPanel.YMin"/>,
/// <see cref="SvgPanel.YMax"/>). Series are coloured by name from <see cref="SeriesPalette"/> (Okabe-Ito without
/// yellow; each search-space operation a fixed colour), so the same name has the same colour in every panel. Text is
/// XML-escaped.
/// </summary>
public static class SvgChart
{
    private const int PanelWidth = 260;
    private const int PanelHeight = 170;
    private const int Margin = 36;
    private const int Left = 58;
    private const int Below = 40;
    private const int Header = 56;

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
        var palette = new SeriesPalette(names);
        var rows = (panels.Count + columns - 1) / columns;
        var width = (columns * (PanelWidth + Left)) + Margin;
        var height = Header + (rows * (PanelHeight + Margin + Below)) + Margin;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Margin}\" y=\"20\" font-size=\"14\">{Escape(title)}</text>\n"));
        AppendLegend(svg, names, palette);
        for (var i = 0; i < panels.Count; i++)
        {
            var x0 = Left + ((i % columns) * (PanelWidth + Left));
            var y0 = Header + ((i / columns) * (PanelHeight + Margin + Below)) + Margin;
            AppendPanel(svg, panels[i], x0, y0, palette);
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

    private static void AppendLegend(StringBuilder svg, List<string> names, SeriesPalette palette)
    {
        var x = Margin;
        foreach (var name in names)
        {
            var (colour, dash) = palette.Style(name);
            svg.Append(Invariant($"<line x1=\"{x}\" y1=\"34\" x2=\"{x + 14}\" y2=\"34\" stroke=\"{colour}\" stroke-width=\"3\"{Dash(dash)}/><text x=\"{x + 18}\" y=\"38\" font-size=\"11\">{Escape(name)}</text>\n"));
            x += 26 + (7 * name.Length);
        }
    }

    private static void AppendPanel(StringBuilder svg, SvgPanel panel, int x0, int y0, SeriesPalette palette)
    {
        var finite = panel.Series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        var x = SvgAxis.Fit(finite.Select(p => p.First), pad: false);
        var y = SvgAxis.Fit(finite.Select(p => p.Second), panel.YMin, panel.YMax);
        svg.Append(Invariant($"<g>\n<text x=\"{x0}\" y=\"{y0 - 6}\" font-size=\"12\">{Escape(panel.Title)}</text>\n"));
        foreach (var t in y.Ticks(4))
        {
            var py = y0 + PanelHeight - (PanelHeight * y.Scale(t));
            svg.Append(Invariant($"<line x1=\"{x0}\" y1=\"{py:F1}\" x2=\"{x0 + PanelWidth}\" y2=\"{py:F1}\" stroke=\"#e4e4e4\"/><text x=\"{x0 - 4}\" y=\"{py + 3:F1}\" font-size=\"9\" text-anchor=\"end\">{Label(t)}</text>\n"));
        }

        foreach (var t in x.Ticks(5, SvgAxis.AllIntegral(finite.Select(p => p.First))))
        {
            var px = x0 + (PanelWidth * x.Scale(t));
            svg.Append(Invariant($"<text x=\"{px:F1}\" y=\"{y0 + PanelHeight + 12}\" font-size=\"9\" text-anchor=\"middle\">{Label(t)}</text>\n"));
        }

        svg.Append(Invariant($"<rect x=\"{x0}\" y=\"{y0}\" width=\"{PanelWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#888\"/>\n"));
        if (panel.XTitle is { } xTitle)
        {
            svg.Append(Invariant($"<text x=\"{x0 + (PanelWidth / 2)}\" y=\"{y0 + PanelHeight + 28}\" font-size=\"10\" text-anchor=\"middle\">{Escape(xTitle)}</text>\n"));
        }

        if (panel.YTitle is { } yTitle)
        {
            svg.Append(Invariant($"<text transform=\"translate({x0 - 42} {y0 + (PanelHeight / 2)}) rotate(-90)\" font-size=\"10\" text-anchor=\"middle\">{Escape(yTitle)}</text>\n"));
        }

        foreach (var series in panel.Series)
        {
            AppendSeries(svg, series, palette.Style(series.Name), x0, y0, x, y);
        }

        svg.Append("</g>\n");
    }

    private static void AppendSeries(StringBuilder svg, SvgSeries series, (string Colour, string Dash) style, int x0, int y0, SvgAxis x, SvgAxis y)
    {
        var coordinates = series.X.Zip(series.Y)
            .Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second))
            .Select(p => (X: x0 + (PanelWidth * x.Scale(p.First)), Y: y0 + PanelHeight - (PanelHeight * y.Scale(p.Second))))
            .ToList();
        var list = string.Join(" ", coordinates.Select(c => Invariant($"{c.X:F1},{c.Y:F1}")));
        svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{style.Colour}\" stroke-width=\"1.5\"{Dash(style.Dash)} points=\"{list}\"><title>{Escape(series.Name)}</title></polyline>\n"));
        if (coordinates.Count == 1)
        {
            svg.Append(Invariant($"<circle cx=\"{coordinates[0].X:F1}\" cy=\"{coordinates[0].Y:F1}\" r=\"2.5\" fill=\"{style.Colour}\"/>\n"));
        }
    }

    private static string Dash(string dash) => dash.Length == 0 ? string.Empty : $" stroke-dasharray=\"{dash}\"";

    private static string Label(double value) => value.ToString(Math.Abs(value) >= 100 ? "F0" : "G4", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);
}
