using NasSharp.Tensors;

namespace NasSharp.NN;

/// <summary>
/// Creates trainable parameters: persistent tensors (never pooled, outlive every <see cref="TensorScope"/>)
/// with <see cref="Tensor.RequiresGrad"/> set. A parameter is an ordinary <see cref="Tensor"/>, so ops and
/// optimizers take it directly; <see cref="Module.RegisterParameter"/> gives it a name.
/// </summary>
public static class Parameter
{
    /// <summary>A zero-filled parameter of the given shape.</summary>
    public static Tensor Create(params int[] shape) => Tensor.Persistent(new TensorShape(shape)).WithGrad();

    /// <summary>A parameter filled with <paramref name="value"/>.</summary>
    public static Tensor Filled(float value, params int[] shape)
    {
        var p = Create(shape);
        p.Data.Fill(value);
        return p;
    }

    /// <summary>A parameter initialised uniformly in [-bound, bound) from <paramref name="random"/>.</summary>
    public static Tensor Uniform(Random random, float bound, params int[] shape)
    {
        var p = Create(shape);
        Initialization.Uniform(p.Data, -bound, bound, random);
        return p;
    }

    /// <summary>
    /// A parameter initialised like PyTorch's default for convolution and linear weights:
    /// <c>kaiming_uniform_(a = sqrt(5))</c>, i.e. uniform in [-1/sqrt(fanIn), 1/sqrt(fanIn)).
    /// </summary>
    public static Tensor KaimingUniform(Random random, int fanIn, params int[] shape) =>
        Uniform(random, Initialization.DefaultBound(fanIn), shape);

    /// <summary>A persistent tensor without gradient (a buffer such as a running mean), filled with <paramref name="value"/>.</summary>
    public static Tensor Buffer(float value, params int[] shape)
    {
        var b = Tensor.Persistent(new TensorShape(shape));
        b.Data.Fill(value);
        return b;
    }
}
