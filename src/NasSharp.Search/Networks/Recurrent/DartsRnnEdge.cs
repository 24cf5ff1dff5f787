using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// A mixed edge j -> i of the DARTS recurrent search cell: choice f gives s_j + sigmoid(c) * (f(g) - s_j) with
/// [c; g] = (s_j * m_h) W_i, W_i shared by all edges into node i and by all choices; <c>none</c> gives nothing. The
/// cell hands it the masked predecessor each step (<see cref="Begin"/>); the projection is computed once, on the
/// first choice that needs it. Table group = the node's table, row = the predecessor j.
/// </summary>
public sealed class DartsRnnEdge : IChoiceLayer
{
    private readonly Tensor weight;
    private Tensor? masked;
    private Tensor? gate;
    private Tensor? candidate;

    internal DartsRnnEdge(int group, int predecessor, Tensor weight)
    {
        Group = group;
        Position = predecessor;
        this.weight = weight;
    }

    public int Group { get; }

    public int Position { get; }

    public int ChoiceCount => DartsRnnOperations.Count;

    /// <summary>Sets this step's masked predecessor state (s_j * m_h, or s_j in evaluation mode).</summary>
    internal void Begin(Tensor maskedPredecessor)
    {
        masked = maskedPredecessor;
        gate = null;
        candidate = null;
    }

    /// <summary>The edge's value for choice <paramref name="choice"/> given the predecessor state <paramref name="input"/>, or null for <c>none</c>.</summary>
    public Tensor? Run(int choice, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (choice == (int)DartsRnnOperation.None)
        {
            return null;
        }

        if (gate == null)
        {
            var parts = Ops.Split(Ops.MatMul(masked ?? throw new InvalidOperationException("DartsRnnEdge: Begin was not called for this step."), weight), 1, 2);
            (gate, candidate) = (Ops.Sigmoid(parts[0]), parts[1]);
        }

        return DartsRnnCell.Highway(input, gate, DartsRnnOperations.Apply((DartsRnnOperation)choice, candidate!));
    }
}
