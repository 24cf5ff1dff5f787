namespace NasSharp.Search.Spaces;

/// <summary>
/// The five candidate operations of a NAS-Bench-201 edge (Dong &amp; Yang, ICLR 2020), numbered as in
/// the benchmark's op list, which is also the digit used in the table's <c>op_indices</c> column.
/// </summary>
public enum Nb201Op
{
    /// <summary><c>none</c>: the edge outputs zeros.</summary>
    None = 0,

    /// <summary><c>skip_connect</c>: identity.</summary>
    SkipConnect = 1,

    /// <summary><c>nor_conv_1x1</c>: ReLU, 1x1 convolution without bias, batch norm.</summary>
    NorConv1x1 = 2,

    /// <summary><c>nor_conv_3x3</c>: ReLU, 3x3 convolution without bias, batch norm.</summary>
    NorConv3x3 = 3,

    /// <summary><c>avg_pool_3x3</c>: 3x3 average pooling, stride 1, padding 1.</summary>
    AvgPool3x3 = 4,
}
