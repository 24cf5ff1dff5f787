using System.Globalization;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>Command-line options of the quick <c>--gflops</c> driver.</summary>
/// <param name="Filters">Substrings of "Kernel Parameters Method"; a case runs when it contains one (all run without filters).</param>
/// <param name="Seconds">Timed seconds per method (the scalar references a third of it).</param>
/// <param name="Threads">Kernel threads (the engine's default when null).</param>
/// <param name="References">Whether the scalar reference kernels run too.</param>
/// <param name="ColdMegabytes">
/// When set, each case is set up in enough copies that their data together exceed this many MiB, and the calls go round
/// the copies: every call finds its inputs in memory, not in the caches, as a training step does.
/// </param>
public sealed record GflopsOptions(IReadOnlyList<string> Filters, double Seconds, int? Threads, bool References, double? ColdMegabytes = null)
{
    public const string Usage = "--gflops [--filter TEXT]... [--seconds S (default 1)] [--threads N] [--no-reference] [--cold MIB]";

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
                "--cold" => options with { ColdMegabytes = Megabytes(Value(args, ++i)) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: {Usage}"),
            };
        }

        return options;
    }

    /// <summary>True when <paramref name="name"/> contains one of the filters (or there are none).</summary>
    public bool Selects(string name) => Filters.Count == 0 || Filters.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));

    private static double Megabytes(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var megabytes) && megabytes is > 0 and <= 65536
            ? megabytes
            : throw new ArgumentException($"--cold needs MiB between 0 and 65536, got '{text}'. Usage: {Usage}");

    private static string Value(IReadOnlyList<string> args, int i) =>
        i < args.Count ? args[i] : throw new ArgumentException($"Option '{args[i - 1]}' needs a value. Usage: {Usage}");
}
