namespace NasSharp.Cli;

/// <summary>What <c>nas train --task</c> trains.</summary>
internal enum TrainTask
{
    /// <summary>A NAS-Bench-201 network on an image dataset.</summary>
    Image,

    /// <summary>A word-level language model (LSTM or GRU) on a PTB-layout corpus.</summary>
    LanguageModel,

    /// <summary>A multivariate series forecaster (LSTM or GRU) in the LSTNet setting.</summary>
    Forecast,
}
