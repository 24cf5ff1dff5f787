using System.Runtime.InteropServices;

namespace NasSharp.Kernels.Tests;

/// <summary>
/// A run of floats between two inaccessible pages (Linux: protected with mprotect), so a kernel that reads one float
/// before or past it faults instead of passing unnoticed. <see cref="AtEnd"/> ends where the second page starts,
/// <see cref="AtStart"/> starts where the first one ends; both hold the same values.
/// </summary>
internal sealed unsafe partial class GuardedPages : IDisposable
{
    private const int Page = 4096;
    private readonly byte* memory;
    private readonly byte* before;
    private readonly byte* after;

    public GuardedPages(int floats)
    {
        Floats = floats;
        var pages = ((floats * sizeof(float)) + Page - 1) / Page;
        memory = (byte*)NativeMemory.AlignedAlloc((nuint)((pages + 2) * Page), Page);
        before = memory;
        after = memory + ((pages + 1) * Page);
        if (Protect(before, Page, 0) != 0 || Protect(after, Page, 0) != 0)
        {
            throw new InvalidOperationException("mprotect failed");
        }
    }

    /// <summary>Whether pages can be guarded here (Linux).</summary>
    public static bool Supported => OperatingSystem.IsLinux();

    public int Floats { get; }

    /// <summary>The run starting right after the first inaccessible page.</summary>
    public float* AtStart => (float*)(before + Page);

    /// <summary>The run ending right where the second inaccessible page starts.</summary>
    public float* AtEnd => (float*)after - Floats;

    public Span<float> StartSpan => new(AtStart, Floats);

    public Span<float> EndSpan => new(AtEnd, Floats);

    public void Dispose()
    {
        _ = Protect(before, Page, 3);
        _ = Protect(after, Page, 3);
        NativeMemory.AlignedFree(memory);
    }

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Protect(void* address, nuint length, int protection);
}
