using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.Onnx.Tests;

/// <summary>
/// Runs a network in NasSharp (evaluation mode) and its ONNX export in ONNX Runtime on the same images and returns the
/// largest absolute difference of the logits. Batch-norm statistics and affine parameters are randomised first, so a
/// graph that ignored them (or used batch statistics where running ones belong) could not match.
/// </summary>
internal static class OnnxParity
{
    public static void RandomizeBatchNorms(Module network, int seed)
    {
        var random = new Random(seed);
        foreach (var bn in network.Modules().OfType<BatchNorm2d>())
        {
            Fill(bn.RunningMean, random, -0.5f, 0.5f);
            Fill(bn.RunningVar, random, 0.5f, 2f);
            Fill(bn.Weight, random, 0.5f, 1.5f);
            Fill(bn.Bias, random, -0.3f, 0.3f);
        }
    }

    public static float[] NasSharpLogits(Module network, Tensor images)
    {
        network.Eval();
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        return network.Forward(images).ToArray();
    }

    public static float[] OnnxLogits(byte[] model, Tensor images)
    {
        using var session = new InferenceSession(model);
        var input = new DenseTensor(images.ToArray(), images.Shape.ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var logits = results.Single(r => r.Name == "logits");
        return [.. logits.AsTensor<float>()];
    }

    /// <summary>max |NasSharp - ONNX Runtime| over the logits of <paramref name="images"/>.</summary>
    public static float MaxDifference(Module network, byte[] model, Tensor images)
    {
        var expected = NasSharpLogits(network, images);
        var actual = OnnxLogits(model, images);
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (a, b) => MathF.Abs(a - b)).Max();
    }

    private static void Fill(Tensor? tensor, Random random, float low, float high)
    {
        if (tensor == null)
        {
            return;
        }

        var data = tensor.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = low + ((high - low) * random.NextSingle());
        }
    }
}
