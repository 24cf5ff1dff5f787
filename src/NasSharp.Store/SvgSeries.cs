namespace NasSharp.Store;

/// <summary>One line of an <see cref="SvgPanel"/>: a name (series with the same name share a colour across panels) and its points.</summary>
public sealed record SvgSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
