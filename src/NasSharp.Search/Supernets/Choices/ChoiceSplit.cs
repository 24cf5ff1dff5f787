using System.Globalization;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// One few-shot split (Zhao et al., ICML 2021, section 3): row <see cref="Row"/> of group <see cref="Group"/> keeps only
/// <see cref="Choice"/>. A sub-supernet is its parent restricted by one more split (one per level of the hierarchy).
/// Text form <c>row:choice</c> (group 0) or <c>group.row:choice</c>, choices by number; spaces print names through
/// their supernet's <see cref="ChoiceSupernet.ChoiceName"/>.
/// </summary>
public readonly record struct ChoiceSplit(int Group, int Row, int Choice)
{
    public override string ToString() => Group == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Row}:{Choice}")
        : string.Create(CultureInfo.InvariantCulture, $"{Group}.{Row}:{Choice}");
}
