using System.Globalization;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>Command-line options of the quick <c>--gflops</c> driver.</summary>
public sealed record GflopsOptions(IReadOnlyList<string> Filters, double Seconds, int? Threads, bool References)
{
    public const string Usage = "--gflops [--filter TEXT]... [--seconds S (default 1)] [--threads N] [--no-reference]";

    /// <summary>Parses the arguments after <c>--gflops</c>; throws <see cref="ArgumentException"/> on a bad one.</summary>
    public static GflopsOptions Parse(IReadOnlyList<string> args)
    {
        var options = new GflopsOptions([], 1.0, null, true);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--filter" => options with { Filters = [.. options.Filters, Value(args, ++i)] },
                "--seconds" => options with { Seconds = double.Parse(Value(args, ++i), CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = int.Parse(Value(args, ++i), CultureInfo.InvariantCulture) },
                "--no-reference" => options with { References = false },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: {Usage}"),
            };
        }

        return options;
    }

    /// <summary>True when <paramref name="name"/> contains one of the filters (or there are none).</summary>
    public bool Selects(string name) => Filters.Count == 0 || Filters.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));

    private static string Value(IReadOnlyList<string> args, int i) =>
        i < args.Count ? args[i] : throw new ArgumentException($"Option '{args[i - 1]}' needs a value. Usage: {Usage}");
}
