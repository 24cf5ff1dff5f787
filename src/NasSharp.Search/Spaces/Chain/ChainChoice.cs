namespace NasSharp.Search.Spaces.Chain;

/// <summary>
/// The four choices of a layer of the single-path chain space (SPOS, Guo et al. 2020; DSNAS, Hu et al. 2020): a
/// ShuffleNetV2 block (Ma et al. 2018) with a 3x3, 5x5 or 7x7 depthwise kernel, or the Xception-like block of three
/// 3x3 depthwise convolutions. Names at the boundary: <see cref="ChainGenotype"/>.
/// </summary>
public enum ChainChoice
{
    Shuffle3x3,
    Shuffle5x5,
    Shuffle7x7,
    Xception,
}
