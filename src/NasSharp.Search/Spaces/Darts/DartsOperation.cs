namespace NasSharp.Search.Spaces.Darts;

/// <summary>
/// The eight candidate operations of the DARTS CNN space (Liu et al., ICLR 2019), in the order of the
/// paper's PRIMITIVES. The strings appear only at the parse/print boundary: <see cref="DartsOperations"/>.
/// </summary>
public enum DartsOperation
{
    /// <summary><c>none</c>: zeros (subsampled on reduction edges).</summary>
    None,

    /// <summary><c>max_pool_3x3</c>.</summary>
    MaxPool3x3,

    /// <summary><c>avg_pool_3x3</c> (padded cells not counted).</summary>
    AvgPool3x3,

    /// <summary><c>skip_connect</c>: identity, or factorized reduce on reduction edges.</summary>
    SkipConnect,

    /// <summary><c>sep_conv_3x3</c>: two stacked ReLU-depthwise-pointwise-BN blocks.</summary>
    SepConv3x3,

    /// <summary><c>sep_conv_5x5</c>.</summary>
    SepConv5x5,

    /// <summary><c>dil_conv_3x3</c>: ReLU, depthwise 3x3 with dilation 2, pointwise, BN.</summary>
    DilConv3x3,

    /// <summary><c>dil_conv_5x5</c>.</summary>
    DilConv5x5,
}
