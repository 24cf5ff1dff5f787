using System.Globalization;
using System.Text;
using System.Text.Json;
using NasSharp.Search.Ranking;

namespace NasSharp.Cli;

/// <summary>The text and JSON forms of a <c>nas rank</c> result.</summary>
internal static class RankReport
{
    public static void WriteText(TextWriter output, ScoringJoin join, RankComparison comparison)
    {
        output.WriteLine($"a         {Describe(join.A)}");
        output.WriteLine($"b         {Describe(join.B)}");
        output.WriteLine($"matched   {join.Matched}{Unmatched(join)}");
        output.WriteLine($"tau-b     {Statistic(comparison.KendallTauB, comparison)}  (Kendall, tie-corrected)");
        output.WriteLine($"rho       {Statistic(comparison.SpearmanRho, comparison)}  (Spearman, average ranks)");
        foreach (var overlap in comparison.TopK)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"top-" + overlap.K,-9} {overlap.Fraction:F4}  ({overlap.Common} of {overlap.K})"));
        }
    }

    /// <summary>One line of JSON; an undefined correlation is null, with the reason alongside.</summary>
    public static string ToJson(ScoringJoin join, RankComparison comparison)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("a", join.A.Source);
            json.WriteString("b", join.B.Source);
            json.WriteString("score_a", join.A.ScoreName);
            json.WriteString("score_b", join.B.ScoreName);
            json.WriteNumber("count_a", join.A.Count);
            json.WriteNumber("count_b", join.B.Count);
            json.WriteNumber("matched", join.Matched);
            json.WriteNumber("only_in_a", join.OnlyInA.Count);
            json.WriteNumber("only_in_b", join.OnlyInB.Count);
            WriteNumberOrNull(json, "kendall_tau_b", comparison.KendallTauB);
            WriteNumberOrNull(json, "spearman_rho", comparison.SpearmanRho);
            json.WriteString("undefined_reason", comparison.UndefinedReason);
            json.WriteStartArray("top_k");
            foreach (var overlap in comparison.TopK)
            {
                json.WriteStartObject();
                json.WriteNumber("k", overlap.K);
                json.WriteNumber("common", overlap.Common);
                json.WriteNumber("overlap", overlap.Fraction);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Describe(Scoring scoring) =>
        $"{scoring.Source} ({scoring.Count} architectures{(scoring.ScoreName is null ? string.Empty : $", score '{scoring.ScoreName}'")})";

    /// <summary>Architectures present on one side only are counted, with an example, never dropped without a word.</summary>
    private static string Unmatched(ScoringJoin join)
    {
        if (join.OnlyInA.Count == 0 && join.OnlyInB.Count == 0)
        {
            return string.Empty;
        }

        static string Side(string name, IReadOnlyList<string> only) =>
            only.Count == 0 ? $"only in {name}: 0" : $"only in {name}: {only.Count}, e.g. '{only[0]}'";

        return $"  ({Side("a", join.OnlyInA)}; {Side("b", join.OnlyInB)})";
    }

    private static string Statistic(double value, RankComparison comparison) =>
        double.IsNaN(value) ? $"undefined ({comparison.UndefinedReason})" : value.ToString("F4", CultureInfo.InvariantCulture);

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }
}
