using FsCheck;
using FsCheck.Fluent;
using NasSharp.Testing;
using Xunit.Abstractions;

namespace NasSharp.Cli.Tests;

/// <summary>
/// Option values through the real parser, in-process: every value either binds or is refused with one line and exit
/// code 2, never an exception or a second line. Binding only (<c>Bind</c>), and whole runs for <c>nas rank</c>,
/// whose work is milliseconds.
/// </summary>
public sealed class OptionFuzzTests(SyntheticTable table, ITestOutputHelper output) : IClassFixture<SyntheticTable>
{
    private static readonly string[] NumericOptions = ["--budget", "--repeat", "--seed", "--population", "--sample-size", "--strategy-lr", "--time-budget"];
    private static readonly string[] TrainOptions = ["--epochs", "--batch-size", "--weight-lr", "--channels", "--cells", "--dropout", "--train-images", "--task", "--model", "--loss", "--threads"];

    // One command tree for all cases: building it is most of a case's cost.
    private readonly System.CommandLine.RootCommand root = NasCommand.Create();

    private static Gen<string> Values() => Gen.OneOf(
        Fuzz.Mutations("150", "-1", "0", "2147483648", "1e30", "0.05", "NaN", "cifar10", "rea", "lm"),
        Fuzz.Noise(),
        Gen.Choose(int.MinValue, int.MaxValue).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void SearchBind_FuzzedOptionValues_BindOrRefuseWithDocumentedErrors() =>
        Fuzz.Check(output, "search options", Gen.Zip(Gen.Elements(NumericOptions.Concat(["--strategy", "--dataset", "--space", "--evaluator"]).ToArray()), Values()), 400, pair =>
        {
            var parsed = root.Parse(["search", "--table", table.Path, pair.Item1, pair.Item2]);
            if (parsed.Errors.Count > 0)
            {
                Assert.DoesNotContain('\n', ParseErrorText.OneLine(parsed));
                throw new FormatException(ParseErrorText.OneLine(parsed));
            }

            SearchCommand.Bind(parsed, null);
        }, typeof(ArgumentException), typeof(FormatException));

    [Fact]
    public void TrainBind_FuzzedOptionValues_BindOrRefuseWithDocumentedErrors() =>
        Fuzz.Check(output, "train options", Gen.Zip(Gen.Elements(TrainOptions), Values()), 400, pair =>
        {
            var parsed = root.Parse(["train", pair.Item1, pair.Item2]);
            if (parsed.Errors.Count > 0)
            {
                throw new FormatException(ParseErrorText.OneLine(parsed));
            }

            TrainCommand.Bind(parsed, null);
        }, typeof(ArgumentException), typeof(FormatException));

    [Fact]
    public void Rank_FuzzedTopKAndColumns_ExitZeroOrTwoWithOneLine() =>
        Fuzz.Check(output, "rank options", Gen.Zip(Gen.Elements("--top-k", "--score-a", "--score-b", "--supernet-view"), Values()), 20, pair =>
        {
            var (exit, _, error) = CliRunner.Run("rank", table.Path, table.Path, "--score-a", "cifar10_test", "--score-b", "cifar10_valid_12ep", pair.Item1, pair.Item2);
            Assert.True(exit is 0 or 2, $"exit {exit}: {error}");
            Assert.True(exit == 0 || error.TrimEnd().Split('\n').Length == 1, error);
        });
}
