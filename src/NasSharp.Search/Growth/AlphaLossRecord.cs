namespace NasSharp.Search.Growth;

/// <summary>The alpha-stream loss after an epoch (1-based) of a recurrent search, the cell's nodes during that epoch and the node-steps spent so far (nodes x weight steps, a hardware-independent cost, RECURRENT.md 6 step 0).</summary>
public sealed record AlphaLossRecord(int Epoch, double Loss, int Nodes, long NodeSteps, double Seconds);
