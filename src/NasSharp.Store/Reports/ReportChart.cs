using System.Text;

namespace NasSharp.Store.Reports;

/// <summary>
/// One chart of the HTML report as inline SVG: title, legend, axis titles, 1-2-5 ticks with light grid lines, and the
/// series as lines or dots. The y range fits the data (padded, kept inside <see cref="YLower"/>/<see cref="YUpper"/>);
/// colours come from <see cref="SeriesPalette"/>. Each point's value shows on hover (an SVG title), so the page needs no
/// script. The root carries <c>data-series</c> and <c>data-points</c> counts, which the browser test reads.
/// </summary>
internal sealed record ReportChart(string Title, string XTitle, string YTitle, IReadOnlyList<PlotSeries> Series, bool Scatter = false)
{
    private const int Width = 460;
    private const int Height = 300;
    private const int Left = 64;
    private const int Right = 16;
    private const int Bottom = 46;

    public double? YLower { get; init; }

    public double? YUpper { get; init; }

    /// <summary>Draws a 45-degree reference line (ranking scatter plots: where the two scorings would agree).</summary>
    public bool Diagonal { get; init; }

    public int PointCount => Series.Sum(s => s.FinitePoints);

    public string Render()
    {
        var palette = new SeriesPalette(Series.Select(s => s.Name));
        var legendRows = LegendRows();
        var top = 30 + (16 * legendRows.Count);
        var (plotWidth, plotHeight) = (Width - Left - Right, Height - Bottom - 30);
        var height = top + plotHeight + Bottom;
        var x = SvgAxis.Fit(Series.SelectMany(s => s.X), pad: Scatter);
        var y = SvgAxis.Fit(Series.SelectMany(s => s.Y), YLower, YUpper);
        var svg = new StringBuilder();
        svg.Append(ReportFormat.Invariant($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" data-kind=\"{(Scatter ? "scatter" : "line")}\" data-series=\"{Series.Count}\" data-points=\"{PointCount}\">"));
        svg.Append(ReportFormat.Invariant($"<title>{E(Title)}</title><rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.Append(ReportFormat.Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{E(Title)}</text>"));
        AppendLegend(svg, legendRows, palette);
        var frame = new Frame(Left, top, plotWidth, plotHeight, x, y);
        AppendAxes(svg, frame);
        foreach (var series in Series)
        {
            AppendSeries(svg, series, frame, palette.Style(series.Name));
        }

        return svg.Append("</svg>").ToString();
    }

    private List<List<string>> LegendRows()
    {
        var rows = new List<List<string>>();
        var width = 0;
        foreach (var name in Series.Select(s => s.Name).Distinct())
        {
            var w = 26 + (7 * name.Length);
            if (rows.Count == 0 || width + w > Width - Left)
            {
                rows.Add([]);
                width = 0;
            }

            rows[^1].Add(name);
            width += w;
        }

        return Series.Count > 1 ? rows : [];
    }

    private static void AppendLegend(StringBuilder svg, List<List<string>> rows, SeriesPalette palette)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            var x = Left;
            var y = 34 + (16 * r);
            foreach (var name in rows[r])
            {
                var (colour, dash) = palette.Style(name);
                svg.Append(ReportFormat.Invariant($"<line x1=\"{x}\" y1=\"{y - 4}\" x2=\"{x + 18}\" y2=\"{y - 4}\" stroke=\"{colour}\" stroke-width=\"3\"{DashAttribute(dash)}/><text x=\"{x + 22}\" y=\"{y}\" font-size=\"11\">{E(name)}</text>"));
                x += 26 + (7 * name.Length);
            }
        }
    }

    private void AppendAxes(StringBuilder svg, Frame f)
    {
        svg.Append(ReportFormat.Invariant($"<rect x=\"{f.Left}\" y=\"{f.Top}\" width=\"{f.Width}\" height=\"{f.Height}\" fill=\"none\" stroke=\"#555\"/>"));
        foreach (var t in f.Y.Ticks())
        {
            var py = f.PixelY(t);
            svg.Append(ReportFormat.Invariant($"<line x1=\"{f.Left}\" y1=\"{py:F1}\" x2=\"{f.Left + f.Width}\" y2=\"{py:F1}\" stroke=\"#e4e4e4\"/><text x=\"{f.Left - 5}\" y=\"{py + 3.5:F1}\" font-size=\"10\" text-anchor=\"end\">{ReportFormat.Number(t)}</text>"));
        }

        foreach (var t in f.X.Ticks(6, SvgAxis.AllIntegral(Series.SelectMany(s => s.X))))
        {
            var px = f.PixelX(t);
            svg.Append(ReportFormat.Invariant($"<line x1=\"{px:F1}\" y1=\"{f.Top}\" x2=\"{px:F1}\" y2=\"{f.Top + f.Height}\" stroke=\"#e4e4e4\"/><text x=\"{px:F1}\" y=\"{f.Top + f.Height + 14}\" font-size=\"10\" text-anchor=\"middle\">{ReportFormat.Number(t)}</text>"));
        }

        svg.Append(ReportFormat.Invariant($"<text x=\"{f.Left + (f.Width / 2)}\" y=\"{f.Top + f.Height + 34}\" font-size=\"12\" text-anchor=\"middle\">{E(XTitle)}</text>"));
        svg.Append(ReportFormat.Invariant($"<text transform=\"translate(14 {f.Top + (f.Height / 2)}) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">{E(YTitle)}</text>"));
        if (Diagonal)
        {
            var (lo, hi) = (Math.Max(f.X.Min, f.Y.Min), Math.Min(f.X.Max, f.Y.Max));
            if (hi > lo)
            {
                svg.Append(ReportFormat.Invariant($"<line x1=\"{f.PixelX(lo):F1}\" y1=\"{f.PixelY(lo):F1}\" x2=\"{f.PixelX(hi):F1}\" y2=\"{f.PixelY(hi):F1}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"));
            }
        }
    }

    private void AppendSeries(StringBuilder svg, PlotSeries series, Frame f, (string Colour, string Dash) style)
    {
        var points = Enumerable.Range(0, Math.Min(series.X.Count, series.Y.Count))
            .Where(i => double.IsFinite(series.X[i]) && double.IsFinite(series.Y[i]))
            .Select(i => (X: f.PixelX(series.X[i]), Y: f.PixelY(series.Y[i]), Label: series.Labels?[i] ?? $"{series.Name}: {ReportFormat.Number(series.X[i])}, {ReportFormat.Number(series.Y[i])}"))
            .ToList();
        svg.Append(ReportFormat.Invariant($"<g class=\"series\" data-name=\"{E(series.Name)}\" data-points=\"{points.Count}\">"));
        if (!Scatter && points.Count > 1)
        {
            var list = string.Join(" ", points.Select(p => ReportFormat.Invariant($"{p.X:F1},{p.Y:F1}")));
            svg.Append(ReportFormat.Invariant($"<polyline fill=\"none\" stroke=\"{style.Colour}\" stroke-width=\"2\"{DashAttribute(style.Dash)} points=\"{list}\"><title>{E(series.Name)}</title></polyline>"));
        }

        // Dots: every point of a scatter plot; for lines, only short series (long ones would bury the line).
        if (Scatter || points.Count <= 40)
        {
            var radius = Scatter ? 3.5 : 2.5;
            var opacity = Scatter ? " fill-opacity=\"0.75\"" : string.Empty;
            foreach (var p in points)
            {
                svg.Append(ReportFormat.Invariant($"<circle cx=\"{p.X:F1}\" cy=\"{p.Y:F1}\" r=\"{radius}\" fill=\"{style.Colour}\"{opacity}><title>{E(p.Label)}</title></circle>"));
            }
        }

        svg.Append("</g>");
    }

    private static string DashAttribute(string dash) => dash.Length == 0 ? string.Empty : $" stroke-dasharray=\"{dash}\"";

    private static string E(string text) => ReportFormat.Escape(text);

    private readonly record struct Frame(int Left, int Top, int Width, int Height, SvgAxis X, SvgAxis Y)
    {
        public double PixelX(double value) => Left + (Width * X.Scale(value));

        public double PixelY(double value) => Top + Height - (Height * Y.Scale(value));
    }
}
