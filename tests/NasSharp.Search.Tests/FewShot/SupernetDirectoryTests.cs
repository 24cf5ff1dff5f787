using NasSharp.Search.FewShot;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.FewShot;

public class SupernetDirectoryTests
{
    [Fact]
    public void Child_NamesFoldersByIndexEdgeAndOp_AndNestsRecursiveSplits()
    {
        using var tiny = new TinyFewShot();
        var directory = tiny.Create();
        var child = directory.Child(directory.Root, 0, 3);
        Assert.Equal("3", child.Path);
        Assert.Equal(Path.Combine(directory.Path, "splits", "3-0-nor_conv_3x3"), child.Directory);
        Assert.Equal([new ChoiceSplit(0, 0, (int)Nb201Operation.NorConv3x3)], child.Splits);
        var grandchild = directory.Child(child, 5, 1);
        Assert.Equal("3.1", grandchild.Path);
        Assert.Equal(Path.Combine(child.Directory, "splits", "1-5-skip_connect"), grandchild.Directory);
        Assert.Equal(2, grandchild.Depth);
    }

    [Fact]
    public void Child_ChainDirectory_NamesFoldersByLayerAndBlockAndReadsThemBack()
    {
        using var tiny = new TinyFewShot(chain: true);
        var directory = tiny.Create();
        var child = directory.Child(directory.Root, 0, 2);
        Assert.Equal(Path.Combine(directory.Path, "splits", "2-0-7x7"), child.Directory);
        Assert.Equal("sub-supernet 2 (0:7x7)", child.ToString());
        Directory.CreateDirectory(child.Directory);
        var read = Assert.Single(SupernetDirectory.Open(directory.Path).Children(directory.Root));
        Assert.Equal((child.Path, child.Directory, "sub-supernet 2 (0:7x7)"), (read.Path, read.Directory, read.ToString()));
        Assert.Equal(child.Splits, read.Splits);
        Assert.Contains("split layer 6 is out of range 0..5", Assert.Throws<ArgumentException>(() => directory.Child(directory.Root, 6, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("split index 4 is out of range 0..3", Assert.Throws<ArgumentException>(() => directory.Child(directory.Root, 0, 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ChainManifestWrittenAndReadBack_ReopensAsTheSameSettings()
    {
        using var tiny = new TinyFewShot(chain: true);
        tiny.Create();
        var reopened = SupernetDirectory.Create(tiny.SupernetPath, tiny.Manifest);
        Assert.Equal(tiny.Manifest, reopened.Manifest);
        Assert.IsType<ChainSupernetSpace>(reopened.Space);
        Assert.Throws<ArgumentException>(() => SupernetDirectory.Create(tiny.SupernetPath, tiny.Manifest with { Chain = tiny.Manifest.Chain! with { LastChannels = 128 } }));
    }

    [Fact]
    public void Open_ManifestWithoutASpaceKey_ReadsAsNb201()
    {
        using var tiny = new TinyFewShot();
        var directory = tiny.Create();
        var file = Path.Combine(directory.Path, SupernetDirectory.ManifestFile);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.True(json.Remove("space"));
        Assert.False(json.ContainsKey("chain"));
        File.WriteAllText(file, json.ToJsonString());
        var reopened = SupernetDirectory.Open(directory.Path);
        Assert.Equal("nb201", reopened.Manifest.Space);
        Assert.IsType<Nb201SupernetSpace>(reopened.Space);
        Assert.Equal(tiny.Manifest, reopened.Manifest);
    }

    [Theory]
    [InlineData(0, 5, "split index 5 is out of range 0..4")]
    [InlineData(0, -1, "split index -1")]
    [InlineData(6, 0, "split edge 6 is out of range 0..5")]
    public void Child_BadEdgeOrIndex_ThrowsNamingIt(int edge, int index, string expected)
    {
        using var tiny = new TinyFewShot();
        var directory = tiny.Create();
        var ex = Assert.Throws<ArgumentException>(() => directory.Child(directory.Root, edge, index));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Child_EdgeAlreadySplitAbove_Throws()
    {
        using var tiny = new TinyFewShot();
        var directory = tiny.Create();
        var ex = Assert.Throws<ArgumentException>(() => directory.Child(directory.Child(directory.Root, 2, 0), 2, 1));
        Assert.Contains("edge 2 is already split", ex.Message);
    }

    [Fact]
    public void Child_ParentAlreadySplitOnAnotherEdge_Throws()
    {
        using var tiny = new TinyFewShot();
        var directory = tiny.Create();
        Directory.CreateDirectory(directory.Child(directory.Root, 0, 1).Directory);
        var ex = Assert.Throws<ArgumentException>(() => directory.Child(directory.Root, 3, 1));
        Assert.Contains("split edge 0, not 3", ex.Message);
    }

    [Fact]
    public void Open_MissingOrNotASupernetDirectory_ThrowsNamingIt()
    {
        using var tiny = new TinyFewShot();
        var missing = Path.Combine(tiny.Root, "nowhere");
        Assert.Contains("nowhere", Assert.Throws<DirectoryNotFoundException>(() => SupernetDirectory.Open(missing)).Message);
        Directory.CreateDirectory(missing);
        Assert.Contains("supernet.json", Assert.Throws<InvalidDataException>(() => SupernetDirectory.Open(missing)).Message);
    }

    [Fact]
    public void Create_SameManifestReopens_OtherManifestThrows()
    {
        using var tiny = new TinyFewShot();
        tiny.Create();
        Assert.Equal(tiny.Manifest, SupernetDirectory.Create(tiny.SupernetPath, tiny.Manifest).Manifest);
        var ex = Assert.Throws<ArgumentException>(() => SupernetDirectory.Create(tiny.SupernetPath, tiny.Manifest with { Channels = 6 }));
        Assert.Contains("other settings", ex.Message);
    }

    [Fact]
    public void Find_UnknownSubSupernet_SaysHowToTrainIt()
    {
        using var tiny = new TinyFewShot();
        var directory = tiny.Create();
        var ex = Assert.Throws<ArgumentException>(() => directory.Find("2"));
        Assert.Contains("no sub-supernet 2", ex.Message);
        Assert.Contains("nas supernet split", ex.Message);
    }
}
