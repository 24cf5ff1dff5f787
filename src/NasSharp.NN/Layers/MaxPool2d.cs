using NasSharp.Tensors;

namespace NasSharp.NN.Layers;

/// <summary>Max pooling over [N, C, H, W] with a square window; padded cells never win.</summary>
public sealed class MaxPool2d : Module
{
    public MaxPool2d(int kernelSize, int stride, int padding = 0)
    {
        if (kernelSize <= 0 || stride <= 0 || padding < 0 || 2 * padding > kernelSize)
        {
            throw new ArgumentException($"MaxPool2d: kernel {kernelSize}, stride {stride}, padding {padding} (need positive kernel and stride, padding at most half the kernel).");
        }

        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
    }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public override Tensor Forward(Tensor input) => Ops.MaxPool2d(input, KernelSize, Stride, Padding);

    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
