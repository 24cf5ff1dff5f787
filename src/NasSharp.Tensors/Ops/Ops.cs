namespace NasSharp.Tensors;

/// <summary>
/// The differentiable operations. One operation per file (a partial of this class); each file holds the
/// public entry point, the call into <c>NasSharp.Kernels</c>, and the nested backward node with its
/// derivative rule. Inputs are validated here, at the public edge.
/// </summary>
public static partial class Ops
{
}
