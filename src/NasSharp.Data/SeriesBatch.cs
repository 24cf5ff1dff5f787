using NasSharp.Tensors;

namespace NasSharp.Data;

/// <summary>Forecasting samples: <see cref="Inputs"/> [B, window, m] and <see cref="Targets"/> [B, m], in scaled units.</summary>
public sealed record SeriesBatch(Tensor Inputs, Tensor Targets);
