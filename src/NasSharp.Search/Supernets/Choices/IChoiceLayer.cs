using NasSharp.Tensors;

namespace NasSharp.Search.Supernets.Choices;

/// <summary>
/// A searchable layer or edge of a supernet whose choices are numbered 0..ChoiceCount-1 (the DARTS CNN space's mixed
/// edges, the chain space's choice blocks): the generic counterpart of NAS-Bench-201's <see cref="MixedEdge"/>. Its
/// architecture parameters are row <see cref="Position"/> of table <see cref="Group"/> (DARTS: 0 normal, 1 reduction),
/// shared by every layer with the same (group, position).
/// </summary>
public interface IChoiceLayer
{
    /// <summary>Which architecture table the layer reads.</summary>
    int Group { get; }

    /// <summary>The layer's row in its table.</summary>
    int Position { get; }

    /// <summary>Number of choices (the table's columns).</summary>
    int ChoiceCount { get; }

    /// <summary>The output of choice <paramref name="choice"/>, or null when it contributes nothing (<c>none</c>).</summary>
    Tensor? Run(int choice, Tensor input);
}
