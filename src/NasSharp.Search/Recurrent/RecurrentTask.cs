namespace NasSharp.Search.Recurrent;

/// <summary>What a recurrent search learns (CLI names <c>lm</c>, <c>forecast</c>).</summary>
public enum RecurrentTask
{
    /// <summary>Word-level language modelling (PTB, or the built-in synthetic token stream).</summary>
    Lm,

    /// <summary>Multivariate forecasting (LSTNet series, or the built-in synthetic series).</summary>
    Forecast,
}
