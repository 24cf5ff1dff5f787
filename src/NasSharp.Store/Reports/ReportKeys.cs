namespace NasSharp.Store.Reports;

/// <summary>
/// Key matching for files written by different versions of the CLI: <c>bestGenotype</c>, <c>best_genotype</c> and
/// <c>Best-Genotype</c> are the same key (the outputs are moving from camelCase to snake_case), and a few things have
/// had several names (<c>arch</c>, <c>genotype</c>, <c>architecture</c>).
/// </summary>
internal static class ReportKeys
{
    public static readonly string[] Genotype = ["genotype", "best_genotype", "arch", "architecture"];
    public static readonly string[] Epoch = ["epoch"];
    public static readonly string[] Trial = ["trial", "trial_number", "number"];
    public static readonly string[] Repeat = ["repeat"];
    public static readonly string[] BestSoFar = ["best_search", "best_score", "best_so_far"];
    public static readonly string[] SearchScore = ["search", "score", "search_score", "valid_accuracy"];
    public static readonly string[] ReportScore = ["report", "reported", "report_score", "test_accuracy"];
    public static readonly string[] Flops = ["flops", "mflops", "gflops"];
    public static readonly string[] Params = ["params", "parameters", "parameter_count"];
    public static readonly string[] Probability = ["probability", "weight", "softmax"];
    public static readonly string[] Operation = ["op", "operation", "choice"];
    public static readonly string[] Part = ["part"];
    public static readonly string[] Edge = ["edge_nodes", "row_name", "edge", "row"];
    public static readonly string[] Group = ["group"];

    /// <summary>Lower case without separators: <c>best_genotype</c>, <c>bestGenotype</c> and <c>best-genotype</c> all give <c>bestgenotype</c>.</summary>
    public static string Normalize(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<char> buffer = key.Length <= 128 ? stackalloc char[key.Length] : new char[key.Length];
        var n = 0;
        foreach (var c in key)
        {
            if (c is not ('_' or '-' or ' ' or '.'))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    /// <summary>snake_case of a camelCase or snake_case key: <c>trainLoss</c> and <c>train_loss</c> both give <c>train_loss</c>.</summary>
    public static string Snake(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new System.Text.StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c) && i > 0 && key[i - 1] is not ('_' or '-') && !char.IsUpper(key[i - 1]))
            {
                text.Append('_');
            }

            text.Append(c is '-' or ' ' ? '_' : char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    public static bool Same(string a, string b) => Normalize(a) == Normalize(b);
}
