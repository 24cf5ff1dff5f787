using NasSharp.Kernels;

namespace NasSharp.Tensors;

/// <summary>Input validation shared by the windowed pooling ops (<see cref="Ops.AvgPool2d"/>, <see cref="Ops.MaxPool2d"/>).</summary>
internal static class PoolShapes
{
    /// <summary>The pooling geometry of <paramref name="x"/>; throws naming <paramref name="op"/>, the shape and the window when invalid.</summary>
    public static Pool2dGeometry Resolve(string op, TensorShape x, int kernel, int stride, int padding)
    {
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{op}: input {x} must be [N, C, H, W].");
        }

        var g = new Pool2dGeometry(x[0], x[1], x[2], x[3], kernel, stride, padding);
        if (g.FindProblem() is { } problem)
        {
            throw new ArgumentException($"{op}: input {x} with kernel {kernel}, stride {stride}, padding {padding}: {problem}.");
        }

        return g;
    }
}
