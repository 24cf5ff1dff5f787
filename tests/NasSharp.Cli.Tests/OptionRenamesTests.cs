namespace NasSharp.Cli.Tests;

public sealed class OptionRenamesTests
{
    [Theory]
    [InlineData("train --batch 16", "train --batch-size 16")]
    [InlineData("train --train-limit=64 --lr:0.1", "train --train-images=64 --weight-lr:0.1")]
    [InlineData("train --arch G", "train --genotype G")]
    [InlineData("search --lr 0.1", "search --strategy-lr 0.1")]
    [InlineData("search --space tib --omega-lr=0.01", "search --space tib --gain-lr=0.01")]
    [InlineData("supernet train --lr 0.1", "supernet train --weight-lr 0.1")]
    [InlineData("groundtruth --arch A --lr 0.1", "groundtruth --genotype A --weight-lr 0.1")]
    [InlineData("bench engine --batch 8", "bench engine --batch-size 8")]
    public void Apply_OldSpellingOfItsVerb_BecomesTheCurrentName(string given, string expected) =>
        Assert.Equal(expected.Split(' '), OptionRenames.Apply(given.Split(' ')));

    [Theory]
    [InlineData("search --batch 16")]
    [InlineData("supernet split --lr 0.1")]
    [InlineData("train --batches 3")]
    [InlineData("train --name x -- --batch")]
    [InlineData("rank --lr a b")]
    public void Apply_OtherVerbsOrAfterSeparator_LeavesTheTokens(string given) =>
        Assert.Equal(given.Split(' '), OptionRenames.Apply(given.Split(' ')));

    [Theory]
    [InlineData("train", "--train-limit")]
    [InlineData("train", "--arch")]
    [InlineData("search", "--lr ")]
    [InlineData("search", "--omega-lr")]
    [InlineData("groundtruth", "--arch")]
    public void Help_ListsOnlyTheCurrentName(string verb, string old)
    {
        var help = CliRunner.Ok(verb, "--help");
        Assert.DoesNotContain(old, help, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OldSpellingWithABadValue_NamesTheCurrentOption()
    {
        var (exit, _, error) = CliRunner.Run("train", "--batch", "many");
        Assert.Equal(2, exit);
        Assert.Equal("nas: --batch-size: 'many' is not a whole number from -2147483648 to 2147483647", error.TrimEnd());
    }
}
