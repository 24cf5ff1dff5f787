using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Supernets;

namespace NasSharp.Search.FewShot;

/// <summary>
/// One supernet of a few-shot hierarchy in a <see cref="SupernetDirectory"/>: the one-shot root (no splits) or a
/// sub-supernet, identified by its path of split indices from the root (<c>"3"</c>, then <c>"3.1"</c> one level
/// down; K indexes the operations the parent leaves open on the split edge, in benchmark order).
/// </summary>
public sealed record SupernetNode(string Path, IReadOnlyList<int> Indices, IReadOnlyList<ChoiceSplit> Splits, string Directory)
{
    /// <summary>The path of the root.</summary>
    public const string RootPath = "oneshot";

    /// <summary>The splits' text in the directory's space (<see cref="SupernetSpace.SplitText"/>); null: NAS-Bench-201's.</summary>
    public IReadOnlyList<string>? SplitTexts { get; init; }

    /// <summary>Levels below the root (0 for the root).</summary>
    public int Depth => Indices.Count;

    public bool IsRoot => Depth == 0;

    /// <summary>"oneshot" or "sub-supernet 3.1 (0:nor_conv_3x3, 3:skip_connect)" ("sub-supernet 2 (0:7x7)" in the chain space).</summary>
    public override string ToString() => IsRoot ? "one-shot supernet" : $"sub-supernet {Path} ({string.Join(", ", SplitTexts ?? Splits.Select(SupernetDirectory.SplitText))})";
}
