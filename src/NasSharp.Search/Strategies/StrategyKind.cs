namespace NasSharp.Search.Strategies;

/// <summary>The discrete search strategies (names at the parse/print boundary: <see cref="StrategyRegistry"/>).</summary>
public enum StrategyKind
{
    /// <summary>Random search.</summary>
    Random,

    /// <summary>Regularized evolution (Real et al. 2019).</summary>
    Rea,

    /// <summary>REINFORCE with one categorical per decision (Williams 1992; as in NAS-Bench-201).</summary>
    Reinforce,

    /// <summary>Local search with first improvement and restarts (White et al. 2021).</summary>
    Ls,

    /// <summary>Tree-structured Parzen estimator over independent categorical decisions (Bergstra et al. 2011).</summary>
    Tpe,
}
