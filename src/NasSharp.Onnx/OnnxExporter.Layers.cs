using NasSharp.NN.Layers;
using NasSharp.Onnx.Proto;

namespace NasSharp.Onnx;

/// <summary>The layers: each NasSharp layer as the ONNX operator (opset 13-17, onnx/docs/Operators.md) with the same math.</summary>
public sealed partial class OnnxExporter
{
    private string Convolution(Conv2d conv, string prefix, string x)
    {
        var inputs = new List<string> { x, graph.Weight(Join(prefix, "weight"), conv.Weight) };
        if (conv.Bias is { } bias)
        {
            inputs.Add(graph.Weight(Join(prefix, "bias"), bias));
        }

        var (k, s, p, d) = (conv.KernelSize, conv.Stride, conv.Padding, conv.Dilation);
        return graph.Add("Conv", inputs,
            OnnxAttributeProto.Ints("kernel_shape", k, k), OnnxAttributeProto.Ints("strides", s, s), OnnxAttributeProto.Ints("pads", p, p, p, p),
            OnnxAttributeProto.Ints("dilations", d, d), OnnxAttributeProto.Int("group", conv.Groups));
    }

    /// <summary>
    /// Evaluation-mode batch norm. With running statistics: BatchNormalization (training_mode 0), with unit scale and
    /// zero shift when the layer is not affine. Without them NasSharp normalises with the batch's mean and biased
    /// variance even in evaluation, written out as ReduceMean over [N, H, W] (axes as an attribute up to opset 17).
    /// </summary>
    private string BatchNorm(BatchNorm2d bn, string prefix, string x)
    {
        var c = bn.Channels;
        if (bn.RunningMean is { } mean && bn.RunningVar is { } variance)
        {
            var scale = bn.Weight is { } w ? graph.Weight(Join(prefix, "weight"), w) : graph.Floats("ones", Enumerable.Repeat(1f, c).ToArray(), c);
            var shift = bn.Bias is { } b ? graph.Weight(Join(prefix, "bias"), b) : graph.Floats("zeros", new float[c], c);
            return graph.Add("BatchNormalization", [x, scale, shift, graph.Weight(Join(prefix, "running_mean"), mean), graph.Weight(Join(prefix, "running_var"), variance)],
                OnnxAttributeProto.Float("epsilon", bn.Options.Epsilon), OnnxAttributeProto.Float("momentum", bn.Options.Momentum));
        }

        var axes = OnnxAttributeProto.Ints("axes", 0, 2, 3);
        var keep = OnnxAttributeProto.Int("keepdims", 1);
        var centred = graph.Add("Sub", [x, graph.Add("ReduceMean", [x], axes, keep)]);
        var batchVariance = graph.Add("ReduceMean", [graph.Add("Mul", [centred, centred])], axes, keep);
        var y = graph.Add("Div", [centred, graph.Add("Sqrt", [graph.Add("Add", [batchVariance, graph.Floats("epsilon", [bn.Options.Epsilon], 1)])])]);
        if (bn.Weight is { } weight && bn.Bias is { } bias)
        {
            y = graph.Add("Add", [graph.Add("Mul", [y, graph.Weight(Join(prefix, "weight"), weight, 1, c, 1, 1)]), graph.Weight(Join(prefix, "bias"), bias, 1, c, 1, 1)]);
        }

        return y;
    }

    /// <summary>Linear on [N, In]: Gemm with transB = 1, since the weight is [Out, In] as PyTorch's.</summary>
    private string Gemm(Linear linear, string prefix, string x)
    {
        var inputs = new List<string> { x, graph.Weight(Join(prefix, "weight"), linear.Weight) };
        if (linear.Bias is { } bias)
        {
            inputs.Add(graph.Weight(Join(prefix, "bias"), bias));
        }

        return graph.Add("Gemm", inputs, OnnxAttributeProto.Int("transB", 1));
    }

    private string Pool(string op, int kernel, int stride, int padding, string x, params OnnxAttributeProto[] extra) =>
        graph.Add(op, [x], [OnnxAttributeProto.Ints("kernel_shape", kernel, kernel), OnnxAttributeProto.Ints("strides", stride, stride), OnnxAttributeProto.Ints("pads", padding, padding, padding, padding), .. extra]);

    /// <summary>[N, C, H, W] -> [N, C], as NasSharp's global average pooling.</summary>
    private string GlobalAveragePool(string x) =>
        graph.Add("Flatten", [graph.Add("GlobalAveragePool", [x])], OnnxAttributeProto.Int("axis", 1));

    /// <summary>Zeros shaped like x, or like x[:, :, ::s, ::s] (DARTS's strided <c>none</c>).</summary>
    private string ZeroLike(string x, int stride)
    {
        var source = stride == 1 ? x : graph.Add("Slice", [x, graph.Int64s("zero_starts", 0, 0), graph.Int64s("ends_max", long.MaxValue, long.MaxValue), graph.Int64s("axes_hw", 2, 3), graph.Int64s("steps", stride, stride)]);
        return graph.Add("Mul", [source, graph.Floats("zero", [0f], 1)]);
    }

    /// <summary>ShuffleNet's channel shuffle of x [N, C, H, W] in groups: reshape [N, g, C/g, HW], swap axes 1 and 2, back to x's shape.</summary>
    private string ChannelShuffle(string x, int channels, int groups)
    {
        var grouped = graph.Add("Reshape", [x, graph.Int64s("shuffle_shape", 0, groups, channels / groups, -1)]);
        var swapped = graph.Add("Transpose", [grouped], OnnxAttributeProto.Ints("perm", 0, 2, 1, 3));
        return graph.Add("Reshape", [swapped, graph.Add("Shape", [x])]);
    }
}
