namespace NasSharp.Kernels;

/// <summary>
/// Rounds a pointer up to a 64-byte cache line. The stack gives <c>stackalloc</c> 16-byte alignment at best, and where
/// it falls changes from one process to the next (address-space randomisation): a table of 64-byte vectors read per tap
/// from it crosses a line in three processes of four, each such load costing two. Kernels that read whole vectors from
/// a stack table allocate 64 bytes more and start it here.
/// </summary>
internal static unsafe class CacheLineAlignment
{
    /// <summary>Bytes a caller allocates beyond its table so that the table can start on a line.</summary>
    public const int Slack = 64;

    /// <summary><paramref name="space"/> rounded up to the next multiple of 64 bytes.</summary>
    public static T* Up<T>(T* space)
        where T : unmanaged => (T*)(((nint)space + (Slack - 1)) & ~(nint)(Slack - 1));
}
