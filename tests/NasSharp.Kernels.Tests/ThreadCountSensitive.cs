namespace NasSharp.Kernels.Tests;

/// <summary>
/// Tests that change the process-wide <see cref="KernelParallel.ThreadCount"/> run alone, so no other
/// test runs (or changes it) in between.
/// </summary>
[CollectionDefinition(nameof(ThreadCountSensitive), DisableParallelization = true)]
public sealed class ThreadCountSensitive;
