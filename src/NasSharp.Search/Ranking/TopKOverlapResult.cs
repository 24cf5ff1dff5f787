namespace NasSharp.Search.Ranking;

/// <summary>How many of the top <see cref="K"/> items two scorings share.</summary>
/// <param name="K">Size of each top set.</param>
/// <param name="Common">Items in both top sets, 0..K.</param>
public readonly record struct TopKOverlapResult(int K, int Common)
{
    /// <summary>Common / K, in [0, 1].</summary>
    public double Fraction => (double)Common / K;
}
