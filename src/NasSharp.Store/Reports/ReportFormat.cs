using System.Globalization;

namespace NasSharp.Store.Reports;

/// <summary>Number and text formatting shared by the report's tables and charts (invariant culture, HTML/XML escaping).</summary>
internal static class ReportFormat
{
    /// <summary>At most 6 significant digits; integers as integers (seeds and FLOP counts stay exact).</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        if (value == Math.Round(value) && Math.Abs(value) < 1e15)
        {
            return value.ToString("F0", CultureInfo.InvariantCulture);
        }

        return value.ToString("G6", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes text for HTML and XML content and attribute values.</summary>
    public static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
