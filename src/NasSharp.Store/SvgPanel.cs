namespace NasSharp.Store;

/// <summary>
/// One small line chart of an <see cref="SvgChart"/>: a title, its series, and optionally a fixed y range
/// (otherwise the range of the finite values, padded a little).
/// </summary>
public sealed record SvgPanel(string Title, IReadOnlyList<SvgSeries> Series, double? YMin = null, double? YMax = null);
