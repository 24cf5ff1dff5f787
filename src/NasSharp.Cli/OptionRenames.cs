namespace NasSharp.Cli;

/// <summary>
/// Option spellings of earlier versions, accepted as hidden aliases of their one name across verbs (so scripts keep
/// working and <c>--help</c> shows only the current name): <c>nas train --batch 64</c> runs as <c>--batch-size 64</c>.
/// The command line is rewritten before parsing, only up to a <c>--</c> separator, and only for the verb that
/// had the old spelling (<c>--lr</c> stays the learning rate of <c>nas train</c>, while in <c>nas search</c> it was
/// REINFORCE's rate, now <c>--strategy-lr</c>).
/// </summary>
internal static class OptionRenames
{
    /// <summary>(verb, old spelling, current name); a verb of two words is written with one space.</summary>
    public static readonly IReadOnlyList<(string Verb, string Old, string New)> All =
    [
        ("train", "--batch", "--batch-size"),
        ("train", "--train-limit", "--train-images"),
        ("train", "--arch", "--genotype"),
        ("train", "--lr", "--weight-lr"),
        ("supernet train", "--lr", "--weight-lr"),
        ("groundtruth", "--lr", "--weight-lr"),
        ("search", "--lr", "--strategy-lr"),
        ("search", "--omega-lr", "--gain-lr"),
        ("groundtruth", "--arch", "--genotype"),
        ("bench engine", "--batch", "--batch-size"),
    ];

    /// <summary>A copy of <paramref name="args"/> with old spellings replaced by the current names.</summary>
    public static string[] Apply(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = (string[])args.Clone();
        foreach (var (verb, old, current) in All)
        {
            var words = verb.Split(' ');
            if (result.Length < words.Length || !result.AsSpan(0, words.Length).SequenceEqual(words))
            {
                continue;
            }

            for (var i = words.Length; i < result.Length && result[i] != "--"; i++)
            {
                result[i] = Rename(result[i], old, current);
            }
        }

        return result;
    }

    // "--batch", "--batch=64" and "--batch:64" (the forms System.CommandLine accepts) all carry the old name.
    private static string Rename(string token, string old, string current)
    {
        if (token == old)
        {
            return current;
        }

        return token.Length > old.Length && token.StartsWith(old, StringComparison.Ordinal) && token[old.Length] is '=' or ':'
            ? current + token[old.Length..]
            : token;
    }
}
