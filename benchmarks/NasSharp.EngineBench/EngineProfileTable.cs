using System.Globalization;
using NasSharp.Tensors;

namespace NasSharp.EngineBench;

/// <summary>
/// An engine benchmark's <see cref="OpProfile"/> as two markdown tables, in milliseconds per step: one row per op kind
/// (every shape summed), then the <c>top</c> rows by op and output shape.
/// </summary>
public static class EngineProfileTable
{
    public static IEnumerable<string> Format(IReadOnlyList<OpProfileRow> rows, int steps, int top = 30)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var total = rows.Sum(r => r.TotalSeconds);
        var byKind = rows.GroupBy(r => r.Name)
            .Select(g => new OpProfileRow(g.Key, string.Empty, g.Sum(r => r.Calls), g.Sum(r => r.Seconds), g.Sum(r => r.BackwardCalls), g.Sum(r => r.BackwardSeconds)))
            .OrderByDescending(r => r.TotalSeconds);
        yield return string.Format(CultureInfo.InvariantCulture, "Per op kind ({0} steps, {1:F1} ms/step profiled):", steps, total * 1000 / steps);
        yield return "| op | calls/step | forward ms | backward ms | total ms | share |";
        yield return "|---|---:|---:|---:|---:|---:|";
        foreach (var r in byKind)
        {
            yield return Row(r.Name, r, steps, total);
        }

        yield return string.Empty;
        yield return $"Top {top} by op and output shape:";
        yield return "| op | output | calls/step | forward ms | backward ms | total ms | share |";
        yield return "|---|---|---:|---:|---:|---:|---:|";
        foreach (var r in rows.Take(top))
        {
            yield return Row($"{r.Name} | {r.Shape}", r, steps, total);
        }
    }

    private static string Row(string label, OpProfileRow r, int steps, double total) => string.Format(
        CultureInfo.InvariantCulture,
        "| {0} | {1:F1} | {2:F2} | {3:F2} | {4:F2} | {5:F1}% |",
        label,
        (double)Math.Max(r.Calls, r.BackwardCalls) / steps,
        r.Seconds * 1000 / steps,
        r.BackwardSeconds * 1000 / steps,
        r.TotalSeconds * 1000 / steps,
        total > 0 ? 100 * r.TotalSeconds / total : 0);
}
