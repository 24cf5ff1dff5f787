using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// A square "same" convolution C -> C over a batch of N images of H x W (padding Kernel / 2), the shape of every
/// NAS-Bench-201 cell convolution; with <see cref="Stride"/> 2, the downsampling depthwise convolution of a ShuffleNetV2
/// block (H x W to H/2 x W/2); with <see cref="OutChannels"/> as well, the C -> 2C stride-2 convolution that opens a
/// NAS-Bench-201 reduction block; with <see cref="Dilation"/> 2 (padding 2 (Kernel / 2)), DARTS's dilated convolutions.
/// </summary>
public sealed record ConvShape(int N, int C, int H, int W, int Kernel, int Stride = 1, int? OutChannels = null, int Dilation = 1)
{
    /// <summary>The geometry, optionally with a smaller batch (the scalar references run on a slice).</summary>
    public Conv2dGeometry Geometry(int? batch = null, bool depthwise = false) =>
        new(batch ?? N, C, H, W, OutChannels ?? C, Kernel, Kernel, Stride, Dilation * (Kernel / 2), Dilation, depthwise ? C : 1);

    /// <summary>2 N Cout OutH OutW (Cin / groups) KH KW: the multiply-adds of the convolution, padding taps included.</summary>
    public static KernelWork Work(Conv2dGeometry g) =>
        new(2.0 * g.N * g.Cout * g.OutPlane * g.ColumnRows, 4.0 * (g.InputLength + g.WeightLength + g.OutputLength));

    public override string ToString() => $"{N}x{C}x{H}x{W}{(OutChannels is { } cout ? $"->{cout}" : string.Empty)} k{Kernel}{(Stride == 1 ? string.Empty : $" s{Stride}")}{(Dilation == 1 ? string.Empty : $" d{Dilation}")}";
}
