namespace NasSharp.Search.Tests.Networks.Darts;

/// <summary>
/// Tests that count the bytes a warm step allocates run alone: <see cref="NasSharp.Tensors.TensorPool"/> is shared by the
/// process, so a test running beside them that rents buffers of the same lengths takes the pooled ones, and the measured
/// step has to allocate fresh storage (a CI run counted 847 KB a step against the usual ~330 KB).
/// </summary>
[CollectionDefinition(nameof(PoolSensitive), DisableParallelization = true)]
public sealed class PoolSensitive;
