using NasSharp.Benchmarks.Kernels;

namespace NasSharp.Benchmarks.Tests;

/// <summary>The kernel driver's buffers: zeroed or seeded, and starting on a cache line as the engine's tensors do.</summary>
public class AlignedBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void Buffer_IsZeroedAndAligned(int length)
    {
        var buffer = BenchData.Buffer(length);
        Assert.Equal(length, buffer.Length);
        Assert.Equal(length, buffer.AsSpan().Length);
        Assert.True(buffer.AsSpan().IndexOfAnyExcept(0f) < 0);
        if (length > 0)
        {
            Assert.Equal(0, AddressOf(buffer) % 64);
        }
    }

    [Fact]
    public void Random_IsSeededAndInRange()
    {
        var first = BenchData.Random(7, 4096).AsSpan().ToArray();
        var again = BenchData.Random(7, 4096).AsSpan().ToArray();
        var other = BenchData.Random(8, 4096).AsSpan().ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void Views_ReadAndWriteTheSameFloats()
    {
        var buffer = BenchData.Buffer(10);
        buffer[3] = 2.5f;
        buffer.AsSpan(4, 2).Fill(1f);
        Span<float> whole = buffer;
        Assert.Equal([0f, 0f, 0f, 2.5f, 1f, 1f, 0f, 0f, 0f, 0f], whole.ToArray());
        Assert.Equal([1f, 0f, 0f, 0f, 0f], buffer.AsSpan(5).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(8, 3));
    }

    [Fact]
    public void Buffer_RejectsANegativeLength() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BenchData.Buffer(-1));

    private static unsafe long AddressOf(AlignedBuffer buffer)
    {
        fixed (float* first = buffer.AsSpan())
        {
            return (long)first;
        }
    }
}
