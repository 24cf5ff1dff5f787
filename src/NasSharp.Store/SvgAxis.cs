namespace NasSharp.Store;

/// <summary>
/// The range and ticks of one chart axis: fitted to the finite data with 5% padding on each side, kept inside optional
/// limits (0 and 1 for probabilities: an axis of softmax weights between 0.19 and 0.21 spans 0.188-0.212, not 0-1, so
/// the lines separate), and "nice" tick steps of 1, 2 or 5 times a power of ten (Heckbert, "Nice numbers for graph
/// labels", Graphics Gems 1990).
/// </summary>
internal readonly record struct SvgAxis(double Min, double Max)
{
    private const double Padding = 0.05;

    /// <summary>The axis for <paramref name="values"/>, padded, then clipped to [<paramref name="lower"/>, <paramref name="upper"/>] when given.</summary>
    public static SvgAxis Fit(IEnumerable<double> values, double? lower = null, double? upper = null, bool pad = true)
    {
        var (min, max, any) = (double.PositiveInfinity, double.NegativeInfinity, false);
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                (min, max, any) = (Math.Min(min, v), Math.Max(max, v), true);
            }
        }

        if (!any)
        {
            (min, max) = (lower ?? 0, upper ?? 1);
        }

        if (max <= min)
        {
            // One value: a band around it, so the point sits mid-panel.
            var half = min == 0 ? 0.5 : Math.Abs(min) * 0.1;
            (min, max) = (min - half, max + half);
        }
        else if (pad)
        {
            var margin = Padding * (max - min);
            (min, max) = (min - margin, max + margin);
        }

        (min, max) = (lower is { } lo ? Math.Max(min, lo) : min, upper is { } hi ? Math.Min(max, hi) : max);
        return max > min ? new SvgAxis(min, max) : new SvgAxis(min - 0.5, min + 0.5);
    }

    /// <summary>Position of <paramref name="value"/> in [0, 1] along the axis (clamped).</summary>
    public double Scale(double value) => Math.Clamp((value - Min) / (Max - Min), 0, 1);

    /// <summary>
    /// Tick values inside the range, about <paramref name="count"/> of them, on a 1-2-5 step; with
    /// <paramref name="integral"/> (epochs, trial numbers) the step is at least 1, so no tick falls between two epochs.
    /// </summary>
    public IReadOnlyList<double> Ticks(int count = 5, bool integral = false)
    {
        var step = NiceStep((Max - Min) / Math.Max(1, count));
        step = integral ? Math.Max(step, 1) : step;
        var ticks = new List<double>();
        for (var t = Math.Ceiling(Min / step) * step; t <= Max + (step * 1e-9); t += step)
        {
            // Snap to the step so 0.30000000000000004 prints as 0.3.
            ticks.Add(Math.Round(t / step) * step);
        }

        return ticks;
    }

    /// <summary>True when every finite value is a whole number (an epoch or trial axis).</summary>
    public static bool AllIntegral(IEnumerable<double> values) => values.Where(double.IsFinite).All(v => v == Math.Round(v));

    private static double NiceStep(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        return power * (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10);
    }
}
