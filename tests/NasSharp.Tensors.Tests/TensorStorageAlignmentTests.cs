using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NasSharp.Tensors.Tests;

/// <summary>Every tensor's elements start on a 64-byte boundary (a cache line: no 512-bit load of a whole vector straddles two).</summary>
public class TensorStorageAlignmentTests
{
    [Fact]
    public void OpOutputs_Parameters_Views_AndGradients_StartOnACacheLine()
    {
        var parameter = Tensor.Persistent(new TensorShape(3, 5));
        parameter.RequiresGrad = true;
        Assert.True(IsAligned(parameter));
        Assert.All(parameter.ToArray(), v => Assert.Equal(0f, v));
        using var scope = new TensorScope();
        for (var length = 1; length < 40; length++)
        {
            var t = Tensor.Full(length, length);
            Assert.True(IsAligned(t), $"a tensor of {length} elements");
            Assert.All(t.ToArray(), v => Assert.Equal(length, v));
        }

        var x = Tensor.RandomUniform(new Random(1), -1f, 1f, 5, 3);
        var y = NasSharp.Tensors.Ops.Sum(NasSharp.Tensors.Ops.Multiply(NasSharp.Tensors.Ops.MatMul(x, parameter), NasSharp.Tensors.Ops.MatMul(x, parameter)));
        y.Backward();
        Assert.True(IsAligned(parameter.Grad!));
        Assert.True(IsAligned(NasSharp.Tensors.Ops.Reshape(x, 15)));
    }

    // The element's address, as its byte offset from address zero.
    private static bool IsAligned(Tensor t) =>
        (Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetReference(t.Data)) & 63) == 0;
}
