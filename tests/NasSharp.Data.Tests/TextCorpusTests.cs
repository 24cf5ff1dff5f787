namespace NasSharp.Data.Tests;

public class TextCorpusTests
{
    private static TempDirectory Ptb(string train, string valid, string test, bool gzipTrain = false)
    {
        var dir = new TempDirectory();
        dir.WriteText("ptb.train.txt", train, gzipTrain);
        dir.WriteText("ptb.valid.txt", valid);
        dir.WriteText("ptb.test.txt", test);
        return dir;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_PtbLayout_AppendsEosAndNumbersWordsByFirstAppearance(bool gzip)
    {
        using var dir = Ptb(" the cat sat \n the dog \n", " the dog sat \n", " cat \n", gzip);

        var corpus = TextCorpus.Load(dir.Path);

        Assert.Equal(new[] { "the", "cat", "sat", "<eos>", "dog" }, corpus.Vocabulary.Words);
        Assert.Equal(new[] { 0, 1, 2, 3, 0, 4, 3 }, corpus.Train);
        Assert.Equal(new[] { 0, 4, 2, 3 }, corpus.Valid);
        Assert.Equal(new[] { 1, 3 }, corpus.Test);
    }

    [Fact]
    public void Load_ParentDirectory_FindsThePtbSubfolder()
    {
        using var dir = new TempDirectory();
        dir.WriteText("ptb/ptb.train.txt", "a b\n");
        dir.WriteText("ptb/ptb.valid.txt", "a\n");
        dir.WriteText("ptb/ptb.test.txt", "b\n");

        Assert.Equal(3, TextCorpus.Load(dir.Path).Vocabulary.Count);
    }

    [Fact]
    public void Load_UnknownWordWithUnkInVocabulary_MapsToUnk()
    {
        using var dir = Ptb("a <unk> b\n", "a zebra\n", "b\n");

        var corpus = TextCorpus.Load(dir.Path);

        Assert.Equal(new[] { 0, 1, 3 }, corpus.Valid);
        Assert.Equal("<unk>", corpus.Vocabulary[1]);
    }

    [Fact]
    public void Load_UnknownWordWithoutUnk_ThrowsNamingFileLineAndWord()
    {
        using var dir = Ptb("a b\n", "a\nb zebra\n", "b\n");

        var ex = Assert.Throws<InvalidDataException>(() => TextCorpus.Load(dir.Path));
        Assert.Contains(dir.File("ptb.valid.txt"), ex.Message);
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("'zebra'", ex.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsListingExpectedNames()
    {
        using var dir = new TempDirectory();
        dir.WriteText("ptb.train.txt", "a\n");

        var ex = Assert.Throws<FileNotFoundException>(() => TextCorpus.Load(dir.Path));
        Assert.Contains("ptb.valid.txt", ex.Message);
        Assert.Contains(dir.Path, ex.Message);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNamingIt()
    {
        using var dir = Ptb("a\n", string.Empty, "a\n");

        var ex = Assert.Throws<InvalidDataException>(() => TextCorpus.Load(dir.Path));
        Assert.Contains(dir.File("ptb.valid.txt"), ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Batchify_ElevenTokensInThreeStreams_DropsRemainderAndLaysStreamsInColumns()
    {
        var m = TextCorpus.Batchify(Enumerable.Range(0, 11).ToArray(), 3);

        Assert.Equal((3, 3), (m.Steps, m.BatchSize));
        Assert.Equal(new[] { 0, 3, 6, 1, 4, 7, 2, 5, 8 }, m.Data);
        Assert.Equal(7, m[1, 2]);
    }

    [Fact]
    public void Batchify_TooFewTokens_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TextCorpus.Batchify(new[] { 1, 2 }, 3));
        Assert.Contains("2 tokens", ex.Message);
    }

    [Fact]
    public void BpttWindows_TenSteps_WindowsOfThreeWithShorterLastAndShiftedTargets()
    {
        var m = TextCorpus.Batchify(Enumerable.Range(0, 20).ToArray(), 2);
        var windows = TextCorpus.BpttWindows(m, 3).ToList();

        Assert.Equal(new[] { 0, 3, 6 }, windows.Select(w => w.Start));
        Assert.Equal(new[] { 3, 3, 3 }, windows.Select(w => w.Length));
        Assert.Equal(new[] { 6, 16, 7, 17, 8, 18 }, windows[2].Inputs);
        Assert.Equal(new[] { 7, 17, 8, 18, 9, 19 }, windows[2].Targets);

        var shorter = TextCorpus.BpttWindows(m, 4).ToList();
        Assert.Equal(new[] { 4, 4, 1 }, shorter.Select(w => w.Length));
        Assert.Equal(new[] { 9, 19 }, shorter[2].Targets);
    }

    [Fact]
    public void Window_StartPastTheLastInputRow_Throws()
    {
        var m = TextCorpus.Batchify(Enumerable.Range(0, 10).ToArray(), 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Window(4, 2));
    }
}
