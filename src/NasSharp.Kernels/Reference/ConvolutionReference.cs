namespace NasSharp.Kernels.Reference;

/// <summary>
/// Direct nested-loop convolution straight from the definition: the test oracle and benchmark baseline
/// for <see cref="Convolution"/> (all geometries, including the depthwise and 1x1 paths). Backward methods accumulate.
/// </summary>
public static class ConvolutionReference
{
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        g.Validate(input.Length, weight.Length, bias.Length, output.Length);
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = bias.IsEmpty ? 0f : bias[i / g.OutPlane % g.Cout];
        }

        foreach (var (x, w, y) in Taps(g))
        {
            output[y] += weight[w] * input[x];
        }
    }

    public static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad)
    {
        g.Validate(inputGrad.Length, weight.Length, 0, outputGrad.Length);
        foreach (var (x, w, y) in Taps(g))
        {
            inputGrad[x] += weight[w] * outputGrad[y];
        }
    }

    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> weightGrad, Span<float> biasGrad)
    {
        g.Validate(input.Length, weightGrad.Length, biasGrad.Length, outputGrad.Length);
        foreach (var (x, w, y) in Taps(g))
        {
            weightGrad[w] += input[x] * outputGrad[y];
        }

        for (var i = 0; i < outputGrad.Length && !biasGrad.IsEmpty; i++)
        {
            biasGrad[i / g.OutPlane % g.Cout] += outputGrad[i];
        }
    }

    /// <summary>Every (input, weight, output) index triple that the convolution multiplies together (padding taps skipped).</summary>
    private static IEnumerable<(int X, int W, int Y)> Taps(Conv2dGeometry g)
    {
        for (var n = 0; n < g.N; n++)
        {
            for (var co = 0; co < g.Cout; co++)
            {
                var group = co / g.OutPerGroup;
                for (var oh = 0; oh < g.OutH; oh++)
                {
                    for (var ow = 0; ow < g.OutW; ow++)
                    {
                        var y = (((((n * g.Cout) + co) * g.OutH) + oh) * g.OutW) + ow;
                        for (var c = 0; c < g.InPerGroup; c++)
                        {
                            for (var kh = 0; kh < g.KH; kh++)
                            {
                                for (var kw = 0; kw < g.KW; kw++)
                                {
                                    var ih = (oh * g.Stride) + (kh * g.Dilation) - g.Padding;
                                    var iw = (ow * g.Stride) + (kw * g.Dilation) - g.Padding;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W)
                                    {
                                        continue;
                                    }

                                    var ci = (group * g.InPerGroup) + c;
                                    var x = (((((n * g.Cin) + ci) * g.H) + ih) * g.W) + iw;
                                    var w = (((((co * g.InPerGroup) + c) * g.KH) + kh) * g.KW) + kw;
                                    yield return (x, w, y);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
