namespace NasSharp.Search.Training;

/// <summary>The optimiser of a differentiable search's weights.</summary>
public enum WeightAlgorithm
{
    /// <summary>SGD with the options' momentum (DARTS, CNN and RNN).</summary>
    Sgd,

    /// <summary>Adam with the options' betas at their PyTorch defaults (LSTNet's forecasting recipe, RECURRENT.md 2.5).</summary>
    Adam,
}
