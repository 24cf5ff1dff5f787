using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace NasSharp.Testing;

/// <summary>
/// The fuzzing driver every test project links (tests/Shared): draws a fixed number of cases from an FsCheck
/// generator with a fixed seed, runs the property on each with a generous time bound (a case that does not return is
/// a hang, not a slow machine), and accepts only a normal return or one of the documented exception types. It prints
/// the case counts through xunit's output. Mutation generators derive malformed inputs from valid seeds, which reach
/// deeper into a parser than uniformly random text.
/// </summary>
internal static class Fuzz
{
    /// <summary>Far above any parser's time on these small inputs; only a loop that never ends reaches it.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    private const string Alphabet = "|~+,;:[]{}()'\"\\/\n\r\t 0123456789-.eE_xXabcnoreuvskip_conv\u0000\u00e9\u2028\ud83d\ude00";

    /// <summary>Runs <paramref name="property"/> on <paramref name="count"/> cases; throws naming the first input that escapes with an undocumented exception or hangs.</summary>
    public static void Check<T>(ITestOutputHelper output, string name, Gen<T> gen, int count, Action<T> property, params Type[] documented)
    {
        var cases = Gen.Sample(gen, count, new Rnd(20250615UL), 50);
        var accepted = 0;
        var refused = 0;
        foreach (var input in cases)
        {
            var task = Task.Run(() =>
            {
                try
                {
                    property(input);
                    return null;
                }
                catch (Exception ex)
                {
                    return ex;
                }
            });
            if (!task.Wait(CaseTimeout))
            {
                throw new TimeoutException($"fuzz {name}: no answer within {CaseTimeout.TotalSeconds} s for input {Show(input)}");
            }

            if (task.Result is not { } error)
            {
                accepted++;
            }
            else if (documented.Any(t => t.IsInstanceOfType(error)))
            {
                refused++;
            }
            else
            {
                throw new InvalidOperationException($"fuzz {name}: undocumented {error.GetType().Name} for input {Show(input)}: {error.Message}", error);
            }
        }

        output.WriteLine($"fuzz {name}: {cases.Length} cases, {accepted} accepted, {refused} refused with a documented error");
    }

    /// <summary>Strings derived from <paramref name="seeds"/> by 0-5 random edits (insert, delete, replace, duplicate, truncate).</summary>
    public static Gen<string> Mutations(params string[] seeds) =>
        Gen.Zip(Gen.Elements(seeds), Gen.Choose(0, int.MaxValue - 1)).Select(p => Mutate(p.Item1, new Random(p.Item2)));

    /// <summary>Byte arrays derived from <paramref name="seeds"/> by 0-5 random edits (bit flips, 0xFF runs, insertions, truncation).</summary>
    public static Gen<byte[]> ByteMutations(params byte[][] seeds) =>
        Gen.Zip(Gen.Elements(seeds), Gen.Choose(0, int.MaxValue - 1)).Select(p => MutateBytes(p.Item1, new Random(p.Item2)));

    /// <summary>Arbitrary short strings over an alphabet of the characters parsers care about.</summary>
    public static Gen<string> Noise() =>
        Gen.Choose(0, int.MaxValue - 1).Select(seed =>
        {
            var random = new Random(seed);
            var text = new StringBuilder();
            for (var i = random.Next(40); i > 0; i--)
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            return text.ToString();
        });

    private static string Mutate(string seed, Random random)
    {
        var text = new StringBuilder(seed);
        for (var edits = random.Next(6); edits > 0; edits--)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(5))
            {
                case 0: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                case 1 when at < text.Length: text.Remove(at, 1); break;
                case 2 when at < text.Length: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                case 3 when at < text.Length: text.Insert(at, text.ToString(at, Math.Min(8, text.Length - at))); break;
                case 4: text.Length = at; break;
                default: break;
            }
        }

        return text.ToString();
    }

    private static byte[] MutateBytes(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        for (var edits = random.Next(6); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(5))
            {
                case 0 when at < bytes.Count: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when at < bytes.Count: bytes[at] = 0xFF; break;
                case 2: bytes.InsertRange(at, Enumerable.Repeat((byte)random.Next(256), random.Next(1, 9))); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                case 4 when at < bytes.Count: bytes[at] = 0; break;
                default: break;
            }
        }

        return [.. bytes];
    }

    private static string Show<T>(T input) => input switch
    {
        string s => "\"" + s.Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
        byte[] b => $"{b.Length} bytes {Convert.ToHexString(b.AsSpan(0, Math.Min(64, b.Length)))}",
        _ => input?.ToString() ?? "null",
    };
}
