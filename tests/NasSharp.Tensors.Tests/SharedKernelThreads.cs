namespace NasSharp.Tensors.Tests;

/// <summary>
/// Test classes that change the process-wide <c>KernelParallel.ThreadCount</c>, or that count the pooled allocations
/// of one thread (which depend on how a kernel splits its work over the threads), run one after the other: a thread
/// count changed by one test in the middle of another's warm-up made the allocation count differ on a loaded machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedKernelThreads
{
    public const string Name = "kernel threads";
}
