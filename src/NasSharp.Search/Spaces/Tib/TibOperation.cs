namespace NasSharp.Search.Spaces.Tib;

/// <summary>
/// The two-input candidate operations o(A, z) of the two-input backbone (RECURRENT.md 1.2, after Jie &amp; Gao, IEEE
/// Access 2021): A is a state, z the node's projection of [x_t; h_{t-1}]. The Hadamard ops are first-class (Jie &amp;
/// Gao 2021, C3); there is no <c>none</c>, <see cref="Skip"/> plays its role.
/// </summary>
public enum TibOperation
{
    /// <summary><c>skip</c>: A (a node holding it is removable exactly).</summary>
    Skip,

    /// <summary><c>add_tanh</c>: tanh(A + z), a vanilla RNN step.</summary>
    AddTanh,

    /// <summary><c>add_relu</c>: relu(A + z).</summary>
    AddRelu,

    /// <summary><c>add_sigmoid</c>: sigmoid(A + z).</summary>
    AddSigmoid,

    /// <summary><c>add_id</c>: A + z.</summary>
    AddId,

    /// <summary><c>mul</c>: A * z, the raw Hadamard product.</summary>
    Mul,

    /// <summary><c>mul_sigmoid</c>: A * sigmoid(z), an LSTM forget gate.</summary>
    MulSigmoid,

    /// <summary><c>mul_tanh</c>: A * tanh(z).</summary>
    MulTanh,

    /// <summary><c>highway</c>: A + sigmoid(z) * (tanh(z) - A), a GRU-style update with one shared projection.</summary>
    Highway,
}
