using NasSharp.Tensors;

namespace NasSharp.NN.Operations;

/// <summary>
/// The <c>none</c> operation of NAS-Bench-201 and DARTS: zeros shaped like the input, or like the input
/// subsampled by <see cref="Stride"/> ([N, C, ceil(H/s), ceil(W/s)], DARTS's <c>x[:, :, ::s, ::s].mul(0.)</c>).
/// The output is a constant, so no gradient reaches the input (its true derivative is zero).
/// </summary>
public sealed class Zero : Module
{
    public Zero(int stride = 1)
    {
        if (stride <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "Zero: the stride must be positive.");
        }

        Stride = stride;
    }

    public int Stride { get; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Stride == 1)
        {
            return Tensor.Zeros(input.Shape.ToArray());
        }

        if (input.Rank != 4)
        {
            throw new ArgumentException($"Zero: a strided zero needs [N, C, H, W], got {input.Shape}.", nameof(input));
        }

        var s = input.Shape;
        return Tensor.Zeros(s[0], s[1], (s[2] + Stride - 1) / Stride, (s[3] + Stride - 1) / Stride);
    }

    protected override string ExtraRepr() => $"stride={Stride}";
}
