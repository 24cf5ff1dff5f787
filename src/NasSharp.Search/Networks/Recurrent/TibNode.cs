using NasSharp.NN;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>
/// A node of the two-input backbone (RECURRENT.md 1.2): its projection z = [x_t * m_x; h_{t-1} * m_h] U^T + b
/// ("weight" [H, In + H], "bias" [H], uniform in [-0.04, 0.04]) and its gate gamma ("gamma" [1]) in
/// s = A + gamma * (m - A). As an <see cref="IChoiceLayer"/> (group = its table, row 0) choice k is
/// <see cref="TibOperation"/> k applied to (A, z); the cell hands it z each step (<see cref="Begin"/>).
/// </summary>
public sealed class TibNode : Module, IChoiceLayer
{
    private Tensor? projection;

    internal TibNode(int group, int inputSize, int hiddenSize, float gamma, Random random, bool gated = true)
    {
        Group = group;
        Weight = RegisterParameter("weight", Parameter.Uniform(random, DartsRnnCell.InitRange, hiddenSize, inputSize + hiddenSize));
        Bias = RegisterParameter("bias", Parameter.Uniform(random, DartsRnnCell.InitRange, hiddenSize));
        // A node without a gate (a derived cell retrained from scratch) keeps gamma = 1 outside its parameters.
        Gamma = gated ? RegisterParameter("gamma", Parameter.Filled(gamma, 1)) : Parameter.Buffer(gamma, 1);
    }

    public int Group { get; }

    public int Position => 0;

    public int ChoiceCount => TibOperations.Count;

    /// <summary>U [H, In + H].</summary>
    public Tensor Weight { get; }

    public Tensor Bias { get; }

    /// <summary>The morphism gate: 1 for initial nodes, 0 for grown ones (function-preserving insertion).</summary>
    public Tensor Gamma { get; }

    /// <summary>The projection z of the (masked) [x_t; h_{t-1}] rows [B, In + H].</summary>
    public override Tensor Forward(Tensor input) => Ops.Linear(input, Weight, Bias);

    /// <summary>Sets this step's projection z.</summary>
    internal void Begin(Tensor z) => projection = z;

    /// <summary>This step's projection z (read by the edges into this node as well).</summary>
    internal Tensor Projection => projection ?? throw new InvalidOperationException("TibNode: Begin was not called for this step.");

    /// <summary>o_choice(A, z) with A = <paramref name="input"/>.</summary>
    public Tensor? Run(int choice, Tensor input) => TibOperations.Apply((TibOperation)choice, input, Projection);

    /// <summary>s = A + gamma * (m - A): exactly A while gamma = 0 and m is finite.</summary>
    internal Tensor Gate(Tensor a, Tensor m) => Ops.Add(a, Ops.Multiply(Gamma, Ops.Subtract(m, a)));
}
