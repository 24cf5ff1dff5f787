namespace NasSharp.Kernels;

/// <summary>
/// The geometry of a square 2-d pooling window over NCHW images (PyTorch's pooling with ceil_mode off):
/// input [N, C, H, W], output [N, C, OutH, OutW] with OutH = floor((H + 2 Padding - Kernel) / Stride) + 1.
/// Padding may be at most Kernel / 2 (PyTorch's rule), so every window holds at least one input element.
/// </summary>
public readonly record struct Pool2dGeometry(int N, int C, int H, int W, int Kernel, int Stride, int Padding = 0)
{
    /// <summary>Output height.</summary>
    public int OutH => ((H + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>Output width.</summary>
    public int OutW => ((W + (2 * Padding) - Kernel) / Stride) + 1;

    /// <summary>Number of (image, channel) planes, each pooled independently.</summary>
    public int Planes => N * C;

    public int InPlane => H * W;

    public int OutPlane => OutH * OutW;

    public int InputLength => Planes * InPlane;

    public int OutputLength => Planes * OutPlane;

    /// <summary>What makes this geometry invalid, or null when it is valid.</summary>
    public string? FindProblem()
    {
        if (N <= 0 || C <= 0 || H <= 0 || W <= 0)
        {
            return "every dimension must be positive";
        }

        if (Kernel <= 0 || Stride <= 0 || Padding < 0)
        {
            return $"kernel {Kernel} and stride {Stride} must be positive and padding {Padding} non-negative";
        }

        if (Padding > Kernel / 2)
        {
            return $"padding {Padding} must be at most half the kernel {Kernel}";
        }

        if (H + (2 * Padding) < Kernel || W + (2 * Padding) < Kernel)
        {
            return $"the kernel {Kernel} is larger than the padded input {H + (2 * Padding)}x{W + (2 * Padding)}";
        }

        return null;
    }

    /// <summary>Throws, naming <paramref name="op"/>, when the geometry is invalid or a buffer length does not match it.</summary>
    public void Validate(string op, int inputLength, int outputLength)
    {
        if (FindProblem() is { } problem)
        {
            throw new ArgumentException($"{op}: {problem} ({this}).");
        }

        if (inputLength != InputLength || outputLength != OutputLength)
        {
            throw new ArgumentException($"{op}: buffer lengths input {inputLength}, output {outputLength} do not match {this} (expected {InputLength}, {OutputLength}).");
        }
    }

    /// <summary>The input rows [Lo, Hi) under output row <paramref name="oh"/> (the padding excluded).</summary>
    public (int Lo, int Hi) Rows(int oh) => Clip((oh * Stride) - Padding, H);

    /// <summary>The input columns [Lo, Hi) under output column <paramref name="ow"/> (the padding excluded).</summary>
    public (int Lo, int Hi) Columns(int ow) => Clip((ow * Stride) - Padding, W);

    private (int Lo, int Hi) Clip(int start, int size) => (Math.Max(start, 0), Math.Min(start + Kernel, size));
}
