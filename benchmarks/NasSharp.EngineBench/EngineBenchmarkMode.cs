namespace NasSharp.EngineBench;

/// <summary>Which supernet the engine benchmark trains and how it runs its choices.</summary>
public enum EngineBenchmarkMode
{
    /// <summary>NAS-Bench-201 supernet, one uniformly sampled op per edge per step (SPOS).</summary>
    Spos,

    /// <summary>NAS-Bench-201 supernet, every edge the softmax-weighted sum of all five ops (DARTS).</summary>
    Darts,

    /// <summary>The chain space's ShuffleNetV2-block supernet, one sampled block per layer as DSNAS trains it (Hu et al. 2020).</summary>
    Chain,

    /// <summary>The DARTS CNN search network (Liu et al. 2019: 8 cells, 14 mixed edges of 8 ops), softmax-weighted sums.</summary>
    DartsSpace,

    /// <summary>
    /// A word-level language model (PyTorch's word_language_model: embedding, 2-layer LSTM, decoder to the vocabulary),
    /// or with a genotype the same model with a searched recurrent cell in place of the LSTM.
    /// </summary>
    Lm,
}
