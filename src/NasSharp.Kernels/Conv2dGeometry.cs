namespace NasSharp.Kernels;

/// <summary>
/// The geometry of one 2-d convolution over NCHW images, as PyTorch's <c>Conv2d</c> defines it:
/// input [N, Cin, H, W], weight [Cout, Cin / Groups, KH, KW], output [N, Cout, OutH, OutW] with
/// OutH = floor((H + 2 Padding - Dilation (KH - 1) - 1) / Stride) + 1 (likewise OutW). Channels split
/// into <see cref="Groups"/> independent convolutions; Groups == Cin is a depthwise convolution.
/// </summary>
public readonly record struct Conv2dGeometry(
    int N,
    int Cin,
    int H,
    int W,
    int Cout,
    int KH,
    int KW,
    int Stride = 1,
    int Padding = 0,
    int Dilation = 1,
    int Groups = 1)
{
    /// <summary>Output height.</summary>
    public int OutH => ((H + (2 * Padding) - (Dilation * (KH - 1)) - 1) / Stride) + 1;

    /// <summary>Output width.</summary>
    public int OutW => ((W + (2 * Padding) - (Dilation * (KW - 1)) - 1) / Stride) + 1;

    /// <summary>Input channels seen by each filter.</summary>
    public int InPerGroup => Cin / Groups;

    /// <summary>Output channels produced by each group.</summary>
    public int OutPerGroup => Cout / Groups;

    /// <summary>Elements of one input plane (H W).</summary>
    public int InPlane => H * W;

    /// <summary>Elements of one output plane (OutH OutW).</summary>
    public int OutPlane => OutH * OutW;

    /// <summary>Rows of the im2col matrix of one group: InPerGroup KH KW (the GEMM's inner dimension).</summary>
    public int ColumnRows => InPerGroup * KH * KW;

    public int InputLength => N * Cin * InPlane;

    public int WeightLength => Cout * ColumnRows;

    public int OutputLength => N * Cout * OutPlane;

    /// <summary>A 1x1, stride-1, unpadded convolution: the input planes already are the im2col matrix.</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && Stride == 1 && Padding == 0;

    /// <summary>One input channel per group (Groups == Cin): each output channel filters a single input plane.</summary>
    public bool IsDepthwise => InPerGroup == 1;

    /// <summary>What makes this geometry invalid, or null when it is valid.</summary>
    public string? FindProblem()
    {
        if (N <= 0 || Cin <= 0 || H <= 0 || W <= 0 || Cout <= 0 || KH <= 0 || KW <= 0)
        {
            return "every dimension must be positive";
        }

        if (Stride <= 0 || Dilation <= 0 || Groups <= 0 || Padding < 0)
        {
            return $"stride {Stride}, dilation {Dilation} and groups {Groups} must be positive and padding {Padding} non-negative";
        }

        if (Cin % Groups != 0 || Cout % Groups != 0)
        {
            return $"groups {Groups} must divide both the input channels {Cin} and the output channels {Cout}";
        }

        if (H + (2 * Padding) < (Dilation * (KH - 1)) + 1 || W + (2 * Padding) < (Dilation * (KW - 1)) + 1)
        {
            return $"the dilated kernel {(Dilation * (KH - 1)) + 1}x{(Dilation * (KW - 1)) + 1} is larger than the padded input {H + (2 * Padding)}x{W + (2 * Padding)}";
        }

        if ((long)ColumnRows * OutPlane > int.MaxValue || (long)N * Cout * OutPlane > int.MaxValue)
        {
            return "the output or the im2col matrix has more than int.MaxValue elements";
        }

        return null;
    }

    /// <summary>Throws when the geometry is invalid or a buffer length does not match it (bias may be empty).</summary>
    public void Validate(int inputLength, int weightLength, int biasLength, int outputLength)
    {
        if (FindProblem() is { } problem)
        {
            throw new ArgumentException($"Conv2d: {problem} ({this}).");
        }

        if (inputLength != InputLength || weightLength != WeightLength || (biasLength != 0 && biasLength != Cout) || outputLength != OutputLength)
        {
            throw new ArgumentException($"Conv2d: buffer lengths input {inputLength}, weight {weightLength}, bias {biasLength}, output {outputLength} do not match {this} (expected {InputLength}, {WeightLength}, 0 or {Cout}, {OutputLength}).");
        }
    }
}
