namespace NasSharp.Search.Training;

/// <summary>The differentiable and end-to-end search methods (names at the CLI boundary: <see cref="DifferentiableMethods"/>).</summary>
public enum DifferentiableMethod
{
    /// <summary>DARTS, first order (Liu et al., ICLR 2019): alpha gradient of the validation loss at the current weights.</summary>
    Darts,

    /// <summary>DARTS, second order: the unrolled weight step and the finite-difference Hessian-vector product.</summary>
    DartsSecondOrder,

    /// <summary>GDAS (Dong &amp; Yang, CVPR 2019): one hard Gumbel sample per edge, straight-through gradient.</summary>
    Gdas,

    /// <summary>SNAS (Xie et al., ICLR 2019): relaxed Gumbel sample, weights and alpha on the same data.</summary>
    Snas,

    /// <summary>DSNAS (Hu et al., CVPR 2020): one sampled path, weights and alpha in the same step, low-biased gradient.</summary>
    Dsnas,

    /// <summary>DARTS first order with alpha held for the first quarter of the epochs (<see cref="DartsWarmupTrainer"/>).</summary>
    DartsWarmup,
}
