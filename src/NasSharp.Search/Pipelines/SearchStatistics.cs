namespace NasSharp.Search.Pipelines;

/// <summary>Mean and sample standard deviation (n - 1; 0 for one value) of per-repeat results.</summary>
public readonly record struct SearchStatistics(double Mean, double Std)
{
    public static SearchStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new SearchStatistics(double.NaN, double.NaN);
        }

        var mean = values.Average();
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return new SearchStatistics(mean, values.Count > 1 ? Math.Sqrt(squares / (values.Count - 1)) : 0.0);
    }

    public override string ToString() => FormattableString.Invariant($"{Mean:F2} +- {Std:F2}");
}
