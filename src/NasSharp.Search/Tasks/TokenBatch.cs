using NasSharp.Data;

namespace NasSharp.Search.Tasks;

/// <summary>One BPTT window of a token stream: the stream it belongs to (0 = weights, 1 = architecture; each carries its own hidden state) and its index in the epoch.</summary>
public sealed record TokenBatch(BpttWindow Window, int Stream, int Index);
