using Microsoft.ML.OnnxRuntime;
using NasSharp.NN;
using NasSharp.Tensors;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;

namespace NasSharp.Cli;

/// <summary>
/// An exported model in ONNX Runtime (Microsoft.ML.OnnxRuntime, CPU execution provider) next to the NasSharp
/// network it came from: logits of both on the same images, and their largest difference.
/// </summary>
internal sealed class OnnxRuntimeRunner : IDisposable
{
    private readonly InferenceSession session;

    public OnnxRuntimeRunner(byte[] model, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        session = new InferenceSession(model, options);
    }

    /// <summary>The logits [N * classes] ONNX Runtime computes for <paramref name="images"/> [N, C, H, W].</summary>
    public float[] Logits(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var input = new DenseTensor(images.ToArray(), images.Shape.ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return [.. results.Single(r => r.Name == "logits").AsTensor<float>()];
    }

    /// <summary>Runs the session on a prepared input (for timing: no copy of the images per call).</summary>
    public void Run(IReadOnlyCollection<NamedOnnxValue> inputs)
    {
        using var results = session.Run(inputs);
    }

    /// <summary>NasSharp's evaluation-mode logits for <paramref name="images"/>.</summary>
    public static float[] NasSharpLogits(Module network, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Eval();
        using var noGrad = new NoGradScope();
        using var scope = new TensorScope();
        return network.Forward(images).ToArray();
    }

    /// <summary>max |NasSharp - ONNX Runtime| over the logits of <paramref name="images"/>.</summary>
    public float MaxDifference(Module network, Tensor images) =>
        NasSharpLogits(network, images).Zip(Logits(images), (a, b) => MathF.Abs(a - b)).Max();

    public void Dispose() => session.Dispose();
}
