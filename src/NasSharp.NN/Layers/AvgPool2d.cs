using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>
/// Average pooling over [N, C, H, W] with a square window. With <c>countIncludePad = false</c> (the
/// NAS-Bench-201 and DARTS pools) a window is divided by its number of real (unpadded) cells.
/// </summary>
public sealed class AvgPool2d : Module
{
    public AvgPool2d(int kernelSize, int stride, int padding = 0, bool countIncludePad = true)
    {
        if (kernelSize <= 0 || stride <= 0 || padding < 0 || 2 * padding > kernelSize)
        {
            throw new ArgumentException($"AvgPool2d: kernel {kernelSize}, stride {stride}, padding {padding} (need positive kernel and stride, padding at most half the kernel).");
        }

        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        CountIncludePad = countIncludePad;
    }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public bool CountIncludePad { get; }

    public override Tensor Forward(Tensor input) => Ops.AvgPool2d(input, KernelSize, Stride, Padding, CountIncludePad);

    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}{(CountIncludePad ? string.Empty : ", count_include_pad=False")}";
}
