namespace NasSharp.Search.Spaces.DartsRnn;

/// <summary>
/// The candidate activations of the DARTS recurrent space, in the order of PRIMITIVES in quark0/darts
/// rnn/genotypes.py (the column order of its architecture table). <see cref="None"/> takes softmax mass in search but
/// contributes nothing and is never derived.
/// </summary>
public enum DartsRnnOperation
{
    /// <summary><c>none</c>: no contribution.</summary>
    None,

    /// <summary><c>tanh</c>.</summary>
    Tanh,

    /// <summary><c>relu</c> (gradient 0 at 0).</summary>
    Relu,

    /// <summary><c>sigmoid</c>.</summary>
    Sigmoid,

    /// <summary><c>identity</c>.</summary>
    Identity,
}
