using System.Globalization;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.FewShot;

/// <summary>
/// A directory holding a one-shot supernet and its few-shot sub-supernets, each trained (and resumable) on its
/// own, possibly by separate processes on separate machines sharing the directory:
/// <code>
/// DIR/supernet.json                     the manifest (<see cref="SupernetManifest"/>)
/// DIR/oneshot/                          the one-shot supernet: checkpoint.safetensors, weights.safetensors, state.json
/// DIR/splits/K-E-OP/                    sub-supernet K: edge E keeps only OP (same three files)
/// DIR/splits/K-E-OP/splits/K2-E2-OP2/   its sub-supernet K2, one level down (recursive splitting)
/// </code>
/// K indexes the choices of row E (<see cref="Space"/>): for NAS-Bench-201 the operations of edge E in benchmark order
/// (0 none, 1 skip_connect, 2 nor_conv_1x1, 3 nor_conv_3x3, 4 avg_pool_3x3); for the chain space the blocks of layer E
/// (0 3x3, 1 5x5, 2 7x7, 3 xception), e.g. <c>splits/2-0-7x7</c>. All sub-supernets of one parent split the same row.
/// </summary>
public sealed class SupernetDirectory
{
    public const string ManifestFile = "supernet.json";
    public const string RootFolder = "oneshot";
    public const string SplitsFolder = "splits";

    private SupernetDirectory(string path, SupernetManifest manifest)
    {
        Path = path;
        Manifest = manifest;
        Space = SupernetSpace.Of(manifest);
    }

    public string Path { get; }

    public SupernetManifest Manifest { get; }

    /// <summary>The space of the manifest: its supernets, split rows and choice names.</summary>
    public SupernetSpace Space { get; }

    /// <summary>The one-shot supernet's node.</summary>
    public SupernetNode Root => new(SupernetNode.RootPath, [], [], System.IO.Path.Combine(Path, RootFolder));

    /// <summary>True when <paramref name="path"/> holds a manifest.</summary>
    public static bool Exists(string path) => File.Exists(System.IO.Path.Combine(path, ManifestFile));

    /// <summary>
    /// Creates the directory with <paramref name="manifest"/>, or opens it when it already holds the same
    /// manifest; a different manifest is an error (the weights there belong to other settings).
    /// </summary>
    public static SupernetDirectory Create(string path, SupernetManifest manifest)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(manifest);
        if (Exists(path))
        {
            var existing = Open(path);
            if (existing.Manifest != manifest)
            {
                throw new ArgumentException($"{path} already holds a supernet made with other settings (see its {ManifestFile}); choose another --dir or repeat those settings.");
            }

            return existing;
        }

        _ = SupernetSpace.Of(manifest);
        Directory.CreateDirectory(path);
        SupernetJson.Write(System.IO.Path.Combine(path, ManifestFile), manifest);
        return new SupernetDirectory(System.IO.Path.GetFullPath(path), manifest);
    }

    /// <summary>Opens an existing supernet directory; throws naming it when it is missing or has no manifest.</summary>
    public static SupernetDirectory Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"supernet directory {path} not found (create it with: nas supernet train --dir {path} ...)");
        }

        if (!Exists(path))
        {
            throw new InvalidDataException($"{path} is not a supernet directory: it has no {ManifestFile} (create one with: nas supernet train --dir {path} ...)");
        }

        var manifest = SupernetJson.Read<SupernetManifest>(System.IO.Path.Combine(path, ManifestFile));
        return new SupernetDirectory(System.IO.Path.GetFullPath(path), manifest);
    }

    /// <summary>The node at <paramref name="path"/>: <c>oneshot</c> (or empty) for the root, else split indices joined by dots.</summary>
    public SupernetNode Find(string? path)
    {
        var node = Root;
        if (string.IsNullOrEmpty(path) || path == SupernetNode.RootPath)
        {
            return node;
        }

        foreach (var part in path.Split('.'))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            {
                throw new ArgumentException($"'{path}' is not a sub-supernet path (split indices joined by dots, e.g. 3 or 3.1).");
            }

            node = Children(node).FirstOrDefault(c => c.Indices[^1] == k)
                ?? throw new ArgumentException($"{Path} has no sub-supernet {Join(node, k)}; train it first with: nas supernet split --dir {Path}{ParentOption(node)} --edge EDGE --split {k}");
        }

        return node;
    }

    /// <summary>The sub-supernets of <paramref name="parent"/> present on disk (trained or not), by index.</summary>
    public IReadOnlyList<SupernetNode> Children(SupernetNode parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var folder = SplitsDirectory(parent);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var children = new List<SupernetNode>();
        foreach (var directory in Directory.GetDirectories(folder))
        {
            var name = System.IO.Path.GetFileName(directory);
            if (!TryParseFolder(name, out var k, out var split))
            {
                throw new InvalidDataException($"{directory}: not a sub-supernet folder name of the {Space.Name} space (expected K-{Space.RowWord.ToUpperInvariant()}-CHOICE, e.g. 3-0-{Space.ChoiceName(3)}).");
            }

            children.Add(Node(parent, k, split, directory));
        }

        return [.. children.OrderBy(c => c.Indices[^1])];
    }

    /// <summary>
    /// Sub-supernet <paramref name="index"/> of <paramref name="parent"/> when splitting row <paramref name="edge"/> (an
    /// NB201 edge, a chain layer): the row keeps only its index-th choice. Throws naming the bad value when the row is
    /// out of range or already split, the index is out of range, or the parent's existing sub-supernets split another row.
    /// </summary>
    public SupernetNode Child(SupernetNode parent, int edge, int index)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var row = Space.RowWord;
        if (edge < 0 || edge >= Space.Rows)
        {
            throw new ArgumentException($"split {row} {edge} is out of range 0..{Space.Rows - 1}");
        }

        if (parent.Splits.Any(s => s.Row == edge))
        {
            throw new ArgumentException($"{row} {edge} is already split in {parent}; split another {row}");
        }

        var other = Children(parent).Select(c => c.Splits[^1].Row).FirstOrDefault(e => e != edge, -1);
        if (other >= 0)
        {
            throw new ArgumentException($"the sub-supernets of {parent} in {Path} split {row} {other}, not {edge}: one parent is split on one {row} (split a sub-supernet further with --parent)");
        }

        if (index < 0 || index >= Space.Choices)
        {
            throw new ArgumentException($"split index {index} is out of range 0..{Space.Choices - 1} ({row} {edge} has {Space.Choices} {Space.ChoiceWord}: {string.Join(", ", Enumerable.Range(0, Space.Choices).Select(i => $"{i} {Space.ChoiceName(i)}"))})");
        }

        var split = new ChoiceSplit(0, edge, index);
        var folder = FormattableString.Invariant($"{index}-{edge}-{Space.ChoiceName(index)}");
        return Node(parent, index, split, System.IO.Path.Combine(SplitsDirectory(parent), folder));
    }

    /// <summary>Where the sub-supernets of <paramref name="node"/> live.</summary>
    public string SplitsDirectory(SupernetNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.IsRoot ? System.IO.Path.Combine(Path, SplitsFolder) : System.IO.Path.Combine(node.Directory, SplitsFolder);
    }

    /// <summary>The node's training state, or null when it has not finished an epoch.</summary>
    public static SupernetTrainingState? State(SupernetNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return SupernetCheckpoint.ReadState(node.Directory);
    }

    private bool TryParseFolder(string name, out int index, out ChoiceSplit split)
    {
        split = default;
        var parts = name.Split('-', 3);
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var edge)
            || edge >= Space.Rows
            || !Space.TryParseChoice(parts[2], out var choice)
            || choice != index)
        {
            index = -1;
            return false;
        }

        split = new ChoiceSplit(0, edge, choice);
        return true;
    }

    private SupernetNode Node(SupernetNode parent, int index, ChoiceSplit split, string directory) =>
        new(Join(parent, index), [.. parent.Indices, index], [.. parent.Splits, split], directory) { SplitTexts = [.. parent.Splits.Append(split).Select(Space.SplitText)] };

    /// <summary>The text of a NAS-Bench-201 split: <c>edge:op</c>, e.g. <c>0:nor_conv_3x3</c> (other spaces: <see cref="SupernetSpace.SplitText"/>).</summary>
    public static string SplitText(ChoiceSplit split) => FormattableString.Invariant($"{split.Row}:{Nb201Operations.Name((Nb201Operation)split.Choice)}");

    private static string Join(SupernetNode parent, int index) =>
        parent.IsRoot ? index.ToString(CultureInfo.InvariantCulture) : FormattableString.Invariant($"{parent.Path}.{index}");

    private static string ParentOption(SupernetNode node) => node.IsRoot ? string.Empty : $" --parent {node.Path}";
}
