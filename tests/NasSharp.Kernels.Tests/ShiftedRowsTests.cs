namespace NasSharp.Kernels.Tests;

/// <summary>
/// <see cref="ShiftedRows.Stage"/> against its definition, element by element and bit for bit: copy kw, channel c, padded
/// row r, column j holds input[c, r - padTop, j + kw dilation - padW], +0 outside the image. The input holds -0 and NaNs
/// with payloads, which a copy must keep, and is surrounded by random values that must not show up in a copy.
/// </summary>
public class ShiftedRowsTests
{
    /// <summary>
    /// channels, h, w, kernelW, dilation, padW, padTop, outW: the convolutions' shapes (3x3 pad 1 on rows of 8, 28, 14
    /// and 7, the input gradient's 5 x 3 padding), windows inside the row (plain loads), crossing its left or right end
    /// or both (the permute), wholly outside it (outW wider than the row), rows of 8 exactly, narrower rows (masked
    /// loads), negative padding (cropping) and dilation.
    /// </summary>
    public static TheoryData<int, int, int, int, int, int, int, int> Shapes => new()
    {
        { 3, 8, 8, 3, 1, 1, 1, 8 },
        { 2, 28, 28, 3, 1, 1, 1, 28 },
        { 2, 14, 14, 3, 1, 1, 1, 14 },
        { 2, 7, 7, 3, 1, 1, 1, 7 },
        { 2, 6, 8, 3, 1, 1, 3, 8 },
        { 1, 5, 33, 5, 1, 2, 2, 33 },
        { 2, 4, 9, 3, 2, 2, 1, 9 },
        { 1, 3, 8, 7, 1, 3, 0, 8 },
        { 1, 3, 10, 1, 1, 0, 0, 10 },
        { 1, 3, 12, 3, 1, 1, 1, 24 },
        { 1, 2, 8, 3, 1, -1, 0, 6 },
        { 1, 3, 3, 3, 1, 1, 1, 3 },
        { 1, 2, 16, 3, 3, 4, 1, 16 },
        { 1, 2, 20, 4, 1, 0, 2, 17 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public unsafe void Stage_CopiesEveryTapsColumnsBitForBit(int channels, int h, int w, int kernelW, int dilation, int padW, int padTop, int outW)
    {
        const int Guard = 64;
        var random = new Random((channels * 7919) + (w * 31) + h);
        var inputFloats = channels * h * w;
        var input = new float[inputFloats + (2 * Guard)];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = random.Next(8) switch
            {
                0 => -0f,
                1 => BitConverter.Int32BitsToSingle(0x7FC00000 | random.Next(1, 1 << 20)),
                _ => random.NextSingle() - 0.5f,
            };
        }

        var planeFloats = ShiftedRows.PlaneFloats(h, padTop, outW);
        var targetFloats = kernelW * channels * planeFloats;
        var target = new float[targetFloats + ShiftedRows.Slack];
        fixed (float* source = input, staged = target)
        {
            ShiftedRows.Stage(source + Guard, channels, h, w, kernelW, dilation, padW, padTop, outW, staged);
        }

        for (var kw = 0; kw < kernelW; kw++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var r = 0; r < h + (2 * padTop); r++)
                {
                    for (var j = 0; j < outW; j++)
                    {
                        var (ih, iw) = (r - padTop, j + (kw * dilation) - padW);
                        var expected = ih >= 0 && ih < h && iw >= 0 && iw < w ? input[Guard + (((c * h) + ih) * w) + iw] : 0f;
                        var actual = target[(((kw * channels) + c) * planeFloats) + (r * outW) + j];
                        Assert.True(
                            BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                            $"copy {kw}, channel {c}, row {r}, column {j}: expected bits {BitConverter.SingleToInt32Bits(expected):X8}, got {BitConverter.SingleToInt32Bits(actual):X8}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// No load reads outside the input: staged once with the input ending where an inaccessible page starts, once with it
    /// starting where one ends (Linux: the pages are protected with mprotect, so a stray read faults). Rows narrower
    /// than 8 columns load 8 from their start, so the block's last row is where an over-read would show.
    /// </summary>
    [Theory]
    [InlineData(3, 7, 7, 3, 1)]
    [InlineData(2, 5, 3, 3, 1)]
    [InlineData(2, 8, 8, 3, 1)]
    [InlineData(2, 4, 28, 5, 2)]
    [InlineData(1, 3, 12, 7, 3)]
    public unsafe void Stage_NeverReadsOutsideTheInput(int channels, int h, int w, int kernelW, int padW)
    {
        if (!GuardedPages.Supported)
        {
            return;
        }

        using var pages = new GuardedPages(channels * h * w);
        for (var i = 0; i < pages.Floats; i++)
        {
            pages.AtStart[i] = pages.AtEnd[i] = i + 1;
        }

        var outW = w;
        var planeFloats = ShiftedRows.PlaneFloats(h, 1, outW);
        var target = new float[(kernelW * channels * planeFloats) + ShiftedRows.Slack];
        fixed (float* staged = target)
        {
            ShiftedRows.Stage(pages.AtEnd, channels, h, w, kernelW, 1, padW, 1, outW, staged);
            ShiftedRows.Stage(pages.AtStart, channels, h, w, kernelW, 1, padW, 1, outW, staged);
        }

        for (var kw = 0; kw < kernelW; kw++)
        {
            var iw = (outW - 1) + kw - padW;
            var expected = iw >= 0 && iw < w ? (float)((((channels - 1) * h) + (h - 1)) * w) + iw + 1 : 0f;
            Assert.Equal(expected, target[(((kw * channels) + channels - 1) * planeFloats) + (h * outW) + outW - 1]);
        }
    }
}
