using NasSharp.Data;

namespace NasSharp.Search.Tasks;

/// <summary>
/// One BPTT window of a token stream: the stream it belongs to (0 = weights, 1 = architecture; each carries its own
/// hidden state), its index in the epoch, and the factor of the weight learning rate for its step (drawn length / bptt
/// with the DARTS code's window lengths, <see cref="BpttPlan"/>; 1 otherwise).
/// </summary>
public sealed record TokenBatch(BpttWindow Window, int Stream, int Index, double LearningRateScale = 1.0);
