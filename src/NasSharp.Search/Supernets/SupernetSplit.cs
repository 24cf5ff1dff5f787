using NasSharp.NN.Operations.Nb201;

namespace NasSharp.Search.Supernets;

/// <summary>
/// One few-shot split (Zhao et al., ICML 2021, section 3): the compound edge <see cref="Edge"/> keeps only
/// <see cref="Op"/>. A sub-supernet is the supernet restricted by a list of splits (one per level of the
/// hierarchy).
/// </summary>
public readonly record struct SupernetSplit(int Edge, Nb201Operation Op)
{
    /// <summary>Text form <c>edge:op</c>, e.g. <c>0:nor_conv_3x3</c>.</summary>
    public override string ToString() => $"{Edge}:{Nb201Operations.Name(Op)}";

    /// <summary>Parses <c>edge:op</c>.</summary>
    public static SupernetSplit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var edge) || edge < 0 || edge >= 6)
        {
            throw new FormatException($"SupernetSplit: '{text}' is not of the form EDGE:OP with EDGE in 0..5.");
        }

        return new SupernetSplit(edge, Nb201Operations.Parse(parts[1]));
    }
}
