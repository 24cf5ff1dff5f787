namespace NasSharp.Search.Tests.Growth;

/// <summary>Tests that change the process-wide <see cref="NasSharp.Kernels.KernelParallel.ThreadCount"/> run alone.</summary>
[CollectionDefinition(nameof(ThreadCountSensitive), DisableParallelization = true)]
public sealed class ThreadCountSensitive;
