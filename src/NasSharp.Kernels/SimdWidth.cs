using System.Runtime.Intrinsics;

namespace NasSharp.Kernels;

/// <summary>
/// The vector width the kernels use on this machine. Results are bitwise identical for any thread count at one width,
/// but a kernel blocks its sums by its vector width, so a machine whose .NET accelerates 512-bit vectors rounds
/// differently in the last bits from one that uses 256-bit vectors, and trainings drift apart from there. Setting
/// <c>DOTNET_PreferredVectorBitWidth=256</c> makes a 512-bit machine compute exactly as a 256-bit one. Runs record this
/// width with their code version, so a result or a resume can be matched to the arithmetic that made it.
/// </summary>
public static class SimdWidth
{
    /// <summary>512, 256 or 128: the widest vector the kernels take on this machine (128 means their scalar-and-128-bit paths).</summary>
    public static int Bits { get; } = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>The width as runs record it, e.g. "512-bit vectors".</summary>
    public static string Description => $"{Bits}-bit vectors";
}
