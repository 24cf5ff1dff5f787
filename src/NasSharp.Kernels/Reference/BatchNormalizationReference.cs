namespace NasSharp.Kernels.Reference;

/// <summary>
/// Batch normalisation from the textbook formulas in double precision (Ioffe and Szegedy 2015,
/// Algorithm 1): the test oracle for <see cref="BatchNormalization"/>. Empty gamma / beta mean 1 / 0;
/// backward accumulates.
/// </summary>
public static class BatchNormalizationReference
{
    /// <summary>Normalises with the batch statistics and returns them (biased variance).</summary>
    public static void ForwardTraining(BatchNormGeometry g, float epsilon, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, Span<float> mean, Span<float> variance)
    {
        for (var c = 0; c < g.C; c++)
        {
            var (mu, var) = Moments(g, x, c);
            mean[c] = (float)mu;
            variance[c] = (float)var;
            Apply(g, c, x, mu, var, epsilon, gamma, beta, y);
        }
    }

    /// <summary>Normalises with the given running statistics.</summary>
    public static void ForwardInference(BatchNormGeometry g, float epsilon, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, Span<float> y)
    {
        for (var c = 0; c < g.C; c++)
        {
            Apply(g, c, x, runningMean[c], runningVar[c], epsilon, gamma, beta, y);
        }
    }

    /// <summary>
    /// Gradients given dy; the statistics are recomputed from x when <paramref name="training"/>, else
    /// taken from the running estimates (then constants: dx = gamma dy / sqrt(var + eps)).
    /// </summary>
    public static void Backward(BatchNormGeometry g, bool training, float epsilon, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> gamma, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, Span<float> dx, Span<float> dGamma, Span<float> dBeta)
    {
        var m = g.PerChannel;
        for (var c = 0; c < g.C; c++)
        {
            var (mu, var) = training ? Moments(g, x, c) : (runningMean[c], runningVar[c]);
            var invStd = 1.0 / Math.Sqrt(var + epsilon);
            double sumDy = 0, sumDyXhat = 0;
            foreach (var i in Channel(g, c))
            {
                sumDy += dy[i];
                sumDyXhat += dy[i] * (x[i] - mu) * invStd;
            }

            dGamma[c] += (float)sumDyXhat;
            dBeta[c] += (float)sumDy;
            var scale = (gamma.IsEmpty ? 1.0 : gamma[c]) * invStd;
            foreach (var i in Channel(g, c))
            {
                var xhat = (x[i] - mu) * invStd;
                dx[i] += (float)(training ? scale / m * ((m * dy[i]) - sumDy - (xhat * sumDyXhat)) : scale * dy[i]);
            }
        }
    }

    private static (double Mean, double Variance) Moments(BatchNormGeometry g, ReadOnlySpan<float> x, int c)
    {
        double sum = 0, squares = 0;
        foreach (var i in Channel(g, c))
        {
            sum += x[i];
        }

        var mean = sum / g.PerChannel;
        foreach (var i in Channel(g, c))
        {
            squares += (x[i] - mean) * (x[i] - mean);
        }

        return (mean, squares / g.PerChannel);
    }

    private static void Apply(BatchNormGeometry g, int c, ReadOnlySpan<float> x, double mean, double variance, float epsilon, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y)
    {
        var invStd = 1.0 / Math.Sqrt(variance + epsilon);
        foreach (var i in Channel(g, c))
        {
            y[i] = (float)(((x[i] - mean) * invStd * (gamma.IsEmpty ? 1.0 : gamma[c])) + (beta.IsEmpty ? 0.0 : beta[c]));
        }
    }

    /// <summary>Indices of channel c's elements, image by image.</summary>
    private static IEnumerable<int> Channel(BatchNormGeometry g, int c)
    {
        for (var n = 0; n < g.N; n++)
        {
            for (var s = 0; s < g.Spatial; s++)
            {
                yield return (((n * g.C) + c) * g.Spatial) + s;
            }
        }
    }
}
