namespace NasSharp.Store;

/// <summary>
/// Series colours: the Okabe-Ito colour-blind-safe palette (Okabe &amp; Ito 2008; Wong, "Points of view: Color
/// blindness", Nature Methods 2011) without its yellow, which is unreadable on white. Every known search-space
/// operation has a fixed colour, so an op looks the same in every chart and every run; other names take the remaining
/// colours in order of first use, then repeat with a dash pattern so no two series look alike.
/// </summary>
internal sealed class SeriesPalette
{
    // Okabe-Ito order: blue, orange, bluish green, vermillion, reddish purple, sky blue, black; then a neutral grey.
    private static readonly string[] Colours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999"];
    private static readonly string[] Dashes = [string.Empty, "6 3", "2 2", "8 3 2 3"];

    // NAS-Bench-201 and DARTS operations: an op keeps its colour across charts and runs. The five NB201 ops get five
    // clearly different hues (grey, black, vermillion, blue, orange), not the two blues of the palette.
    private static readonly Dictionary<string, int> KnownOperations = new(StringComparer.Ordinal)
    {
        ["none"] = 7, ["zero"] = 7,
        ["skip_connect"] = 6, ["identity"] = 6,
        ["nor_conv_1x1"] = 3, ["conv_1x1"] = 3,
        ["nor_conv_3x3"] = 0, ["sep_conv_3x3"] = 0, ["conv_3x3"] = 0,
        ["avg_pool_3x3"] = 1,
        ["max_pool_3x3"] = 5,
        ["sep_conv_5x5"] = 2,
        ["dil_conv_3x3"] = 4,
        ["dil_conv_5x5"] = 5,
    };

    private readonly Dictionary<string, (string Colour, string Dash)> assigned = new(StringComparer.Ordinal);
    private int next;

    /// <summary>
    /// A palette for a figure that will show <paramref name="names"/>: the known operations among them take their fixed
    /// colours first, so the other names (train, valid, repeat 1...) get the colours no operation of the figure uses.
    /// </summary>
    public SeriesPalette(IEnumerable<string>? names = null)
    {
        foreach (var name in names ?? [])
        {
            if (KnownOperations.TryGetValue(name, out var index))
            {
                assigned[name] = (Colours[index], string.Empty);
            }
        }
    }

    /// <summary>The colour hexes in use (no yellow, so no series vanishes on a white page).</summary>
    public static IReadOnlyList<string> All => Colours;

    /// <summary>The colour and dash pattern (empty: solid) of <paramref name="name"/>; the same name always gets the same style.</summary>
    public (string Colour, string Dash) Style(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (assigned.TryGetValue(name, out var style))
        {
            return style;
        }

        if (KnownOperations.TryGetValue(name, out var fixedIndex))
        {
            style = (Colours[fixedIndex], string.Empty);
        }
        else
        {
            style = NextFree();
        }

        assigned[name] = style;
        return style;
    }

    private (string Colour, string Dash) NextFree()
    {
        var styles = Colours.Length * Dashes.Length;
        for (var tries = 0; tries < styles; tries++, next++)
        {
            var candidate = (Colours[next % Colours.Length], Dashes[next / Colours.Length % Dashes.Length]);
            if (!assigned.ContainsValue(candidate))
            {
                next++;
                return candidate;
            }
        }

        // More series than styles: repeat (a chart that crowded is unreadable anyway).
        return (Colours[next % Colours.Length], Dashes[next++ / Colours.Length % Dashes.Length]);
    }
}
