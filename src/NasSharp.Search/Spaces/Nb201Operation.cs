namespace NasSharp.Search.Spaces;

/// <summary>
/// The five candidate operations of a NAS-Bench-201 edge (Dong &amp; Yang, ICLR 2020), in the benchmark's order.
/// The strings ("none", "skip_connect", ...) appear only at the parse/print boundary: <see cref="Nb201Operations"/>.
/// </summary>
public enum Nb201Operation
{
    /// <summary><c>none</c>: zeros.</summary>
    None,

    /// <summary><c>skip_connect</c>: identity.</summary>
    SkipConnect,

    /// <summary><c>nor_conv_1x1</c>: ReLU, 1x1 conv, BN.</summary>
    NorConv1x1,

    /// <summary><c>nor_conv_3x3</c>: ReLU, 3x3 conv (padding 1), BN.</summary>
    NorConv3x3,

    /// <summary><c>avg_pool_3x3</c>: 3x3 average pool, stride 1, padding 1, padded cells not counted.</summary>
    AvgPool3x3,
}
