namespace NasSharp.Tasks.Forecasting;

/// <summary>The training loss of <see cref="ForecastTraining"/>.</summary>
public enum ForecastLoss
{
    /// <summary>Mean absolute error: LSTNet's default (main.py, --L1Loss True).</summary>
    L1,

    /// <summary>Mean squared error.</summary>
    Mse,
}
