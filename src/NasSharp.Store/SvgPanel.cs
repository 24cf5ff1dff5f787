namespace NasSharp.Store;

/// <summary>
/// One small line chart of an <see cref="SvgChart"/>: a title, its series, optional limits of the y axis (0 and 1 for
/// probabilities: the axis fits the data, padded, but never goes past them), and optional axis titles.
/// </summary>
public sealed record SvgPanel(string Title, IReadOnlyList<SvgSeries> Series, double? YMin = null, double? YMax = null, string? XTitle = null, string? YTitle = null);
