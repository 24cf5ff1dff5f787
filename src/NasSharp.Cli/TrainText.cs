using System.Globalization;

namespace NasSharp.Cli;

/// <summary>Formatting shared by the <c>nas train</c> tasks' progress lines.</summary>
internal static class TrainText
{
    /// <summary>A duration as "42.1 s", "5m 12s" or "2h 03m".</summary>
    public static string Duration(double seconds)
    {
        var c = CultureInfo.InvariantCulture;
        if (seconds < 60)
        {
            return string.Format(c, "{0:F1} s", seconds);
        }

        var whole = (long)Math.Round(seconds);
        return whole < 3600
            ? string.Format(c, "{0}m {1:00}s", whole / 60, whole % 60)
            : string.Format(c, "{0}h {1:00}m", whole / 3600, whole % 3600 / 60);
    }

    /// <summary>A fraction as a percentage with two decimals, "93.91%".</summary>
    public static string Percent(double fraction) => string.Format(CultureInfo.InvariantCulture, "{0:F2}%", 100 * fraction);

    /// <summary>The data directory, or an error saying how to give one.</summary>
    public static string RequireData(TrainOptions options, string what) =>
        options.Data ?? throw new ArgumentException($"{what} is read from files: pass --data or set {SearchCommand.DataEnvironmentVariable}");
}
