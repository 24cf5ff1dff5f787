using NasSharp.Benchmarks.Kernels;

namespace NasSharp.Benchmarks.Tests;

/// <summary>
/// The kernel driver's <c>--cold MIB</c> mode: each case runs over enough copies of its data that every call reads its
/// inputs from memory, as in a training step, instead of from the caches the previous call warmed.
/// </summary>
public class GflopsColdModeTests
{
    [Fact]
    public void Parse_ReadsTheColdSize()
    {
        var options = GflopsOptions.Parse(["--filter", "BatchNorm", "--cold", "256", "--threads", "1"]);
        Assert.Equal(256, options.ColdMegabytes);
        Assert.Null(GflopsOptions.Parse(["--filter", "BatchNorm"]).ColdMegabytes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    [InlineData("100000")]
    public void Parse_RejectsABadColdSizeNamingIt(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => GflopsOptions.Parse(["--cold", value]));
        Assert.Contains("--cold", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsAMissingColdSize()
    {
        var error = Assert.Throws<ArgumentException>(() => GflopsOptions.Parse(["--cold"]));
        Assert.Contains("'--cold' needs a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_HaveTheirOwnBuffersAndCoverTheColdSize()
    {
        var kernelCase = KernelCase.All().First(c => c.ClassName == "Elementwise");
        kernelCase.Setup();
        var methods = kernelCase.Methods.Where(m => m.Name == "Kernel").ToList();
        var bytes = kernelCase.WorkOf(methods[0]).Bytes;

        var warm = GflopsDriver.Copies(kernelCase, methods, null);
        Assert.Same(kernelCase, Assert.Single(warm));

        var cold = GflopsDriver.Copies(kernelCase, methods, 64);
        Assert.Equal((int)Math.Ceiling(64.0 * 1024 * 1024 / bytes), cold.Count);
        Assert.True(cold.Count > 1, $"{bytes} bytes per call should need more than one copy for 64 MiB");
        Assert.Same(kernelCase, cold[0]);
        Assert.All(cold, c => Assert.Equal(kernelCase.Parameters, c.Parameters));
        Assert.Equal(cold.Count, cold.Select(c => c.Instance).Distinct().Count());
        // Each copy was set up: the same seeded data in different arrays.
        var first = InputOf(cold[0]);
        var second = InputOf(cold[1]);
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void RoundRobin_CallsEachActionInTurn()
    {
        var calls = new List<int>();
        var action = GflopsDriver.RoundRobin([() => calls.Add(0), () => calls.Add(1), () => calls.Add(2)]);
        for (var i = 0; i < 7; i++)
        {
            action();
        }

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], calls);
    }

    [Fact]
    public void Copies_AllStartOnACacheLine()
    {
        // Hundreds of set-ups of 4 MB buffers: the old allocate-until-aligned loop gave up on most of them.
        var kernelCase = KernelCase.All().First(c => c.ClassName == "Pooling" && c.Parameters.StartsWith("Shape=64x16x32x32 k3, Kind=Average, Pass=BackwardData, Stride=1", StringComparison.Ordinal));
        kernelCase.Setup();
        var methods = kernelCase.Methods.Where(m => m.Name == "Kernel").ToList();
        var cold = GflopsDriver.Copies(kernelCase, methods, 256);
        Assert.True(cold.Count >= 16, $"{cold.Count} copies");
        var buffers = cold.SelectMany(BuffersOf).ToList();
        Assert.Equal(4 * cold.Count, buffers.Count);
        Assert.All(buffers, b => Assert.Equal(0, AddressOf(b) % 64));
    }

    private static float[] InputOf(KernelCase kernelCase) =>
        BuffersOf(kernelCase).Select(b => b.AsSpan().ToArray()).First(a => a.Length > 0 && a.Any(v => v != 0));

    private static IEnumerable<AlignedBuffer> BuffersOf(KernelCase kernelCase) =>
        kernelCase.Instance.GetType()
            .GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            .Where(f => f.FieldType == typeof(AlignedBuffer))
            .Select(f => (AlignedBuffer)f.GetValue(kernelCase.Instance)!)
            .Where(b => b.Length > 0);

    private static unsafe long AddressOf(AlignedBuffer buffer)
    {
        fixed (float* first = buffer.AsSpan())
        {
            return (long)first;
        }
    }
}
