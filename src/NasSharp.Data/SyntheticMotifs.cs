namespace NasSharp.Data;

/// <summary>
/// The class motifs of <see cref="SyntheticImages"/>: 5x5 binary stencils. They are chosen so that a
/// class is a local spatial pattern: oriented strokes (0-3), and shapes that combine strokes
/// (plus, X, T, L) or repeat them (ring, checker). Several share strokes (the plus holds both bars, the
/// T and L hold parts of them), so a detector must see how strokes join, not just which are present.
/// </summary>
internal static class SyntheticMotifs
{
    public static readonly string[] Names =
    [
        "horizontal bar", "vertical bar", "diagonal", "anti-diagonal", "plus",
        "cross", "ring", "checker", "tee", "ell",
    ];

    private static readonly string[][] Stencils =
    [
        ["     ", "     ", "#####", "     ", "     "],
        ["  #  ", "  #  ", "  #  ", "  #  ", "  #  "],
        ["#    ", " #   ", "  #  ", "   # ", "    #"],
        ["    #", "   # ", "  #  ", " #   ", "#    "],
        ["  #  ", "  #  ", "#####", "  #  ", "  #  "],
        ["#   #", " # # ", "  #  ", " # # ", "#   #"],
        ["     ", " ### ", " # # ", " ### ", "     "],
        ["# # #", " # # ", "# # #", " # # ", "# # #"],
        ["#####", "  #  ", "  #  ", "  #  ", "  #  "],
        ["#    ", "#    ", "#    ", "#    ", "#####"],
    ];

    /// <summary>Whether the stencil of <paramref name="motif"/> is set at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public static bool IsSet(int motif, int row, int column) => Stencils[motif][row][column] == '#';
}
