namespace NasSharp.Tensors;

/// <summary>Whether ops record the graph for <see cref="Tensor.Backward"/> on this thread.</summary>
public static class GradMode
{
    [ThreadStatic]
    private static int disabledDepth;

    /// <summary>True unless a <see cref="NoGradScope"/> is open on this thread.</summary>
    public static bool IsEnabled => disabledDepth == 0;

    internal static void Disable() => disabledDepth++;

    internal static void Restore() => disabledDepth--;
}
