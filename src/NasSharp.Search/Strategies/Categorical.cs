namespace NasSharp.Search.Strategies;

/// <summary>Small helpers on categorical distributions shared by the per-decision strategies.</summary>
internal static class Categorical
{
    /// <summary>Index k with P(k) = p[k], by inverse CDF of a uniform <paramref name="u"/> in [0, 1).</summary>
    public static int Sample(double[] p, double u)
    {
        var cumulative = 0.0;
        for (var k = 0; k < p.Length - 1; k++)
        {
            cumulative += p[k];
            if (u < cumulative)
            {
                return k;
            }
        }

        return p.Length - 1;
    }

    /// <summary>Max-shifted softmax of <paramref name="z"/>.</summary>
    public static double[] Softmax(double[] z)
    {
        var max = z.Max();
        var p = new double[z.Length];
        var sum = 0.0;
        for (var k = 0; k < z.Length; k++)
        {
            p[k] = Math.Exp(z[k] - max);
            sum += p[k];
        }

        for (var k = 0; k < z.Length; k++)
        {
            p[k] /= sum;
        }

        return p;
    }
}
