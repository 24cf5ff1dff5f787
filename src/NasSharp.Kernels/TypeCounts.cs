namespace NasSharp.Kernels;

/// <summary>
/// A small count as a type: a kernel generic over <c>TCount : struct, ICount</c> is compiled once per count, with the
/// count a constant of its loops (the JIT specialises generic code over structs), where an int argument would leave
/// its bounds and branches to run time.
/// </summary>
internal interface ICount
{
    static abstract int Count { get; }
}

internal readonly struct One : ICount
{
    public static int Count => 1;
}

internal readonly struct Two : ICount
{
    public static int Count => 2;
}

internal readonly struct Three : ICount
{
    public static int Count => 3;
}

internal readonly struct Four : ICount
{
    public static int Count => 4;
}

internal readonly struct Five : ICount
{
    public static int Count => 5;
}
