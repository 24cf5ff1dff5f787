namespace NasSharp.Cli.Tests;

/// <summary>
/// The documented way to reproduce a 256-bit machine's arithmetic on a 512-bit one (README "The engine"):
/// <c>DOTNET_PreferredVectorBitWidth=256</c> must reach the kernels' choice of vector width, which runs report.
/// </summary>
public sealed class VectorWidthTests
{
    [Fact]
    public void PreferredVectorBitWidth256_KernelsReport256BitVectors()
    {
        string[] args = ["bench", "engine", "--mode", "spos", "--channels", "4", "--cells", "1", "--batch-size", "4", "--steps", "1", "--warmup", "0", "--threads", "1"];
        using var pinned = ChildProcess.StartNas(args, "export DOTNET_PreferredVectorBitWidth=256;");
        Assert.Equal(0, pinned.WaitForExit());
        Assert.Contains("vector_bits=256 ", pinned.Output, StringComparison.Ordinal);

        using var native = ChildProcess.StartNas(args);
        Assert.Equal(0, native.WaitForExit());
        Assert.Contains($"vector_bits={NasSharp.Kernels.SimdWidth.Bits} ", native.Output, StringComparison.Ordinal);
    }
}
