namespace NasSharp.Tasks.Forecasting;

/// <summary>
/// The recipe of <see cref="ForecastTraining"/>, LSTNet's defaults (Lai et al. 2018, main.py) where they
/// apply: window 24 x 7 = 168 rows, batch 128, Adam at learning rate 1e-3, gradient norm clipped at 10, L1
/// loss. LSTNet sums the loss over the batch (size_average = False); this recipe takes the mean, which Adam's
/// step is nearly invariant to (it rescales by the gradient's own magnitude), and keeps clipping meaningful.
/// LSTNet trains 100 epochs; the default here is smaller for a CPU.
/// </summary>
public sealed record ForecastTrainingOptions
{
    public int Window { get; init; } = 168;

    public int Horizon { get; init; } = 3;

    public int Epochs { get; init; } = 30;

    public int BatchSize { get; init; } = 128;

    public double LearningRate { get; init; } = 1e-3;

    public double GradientClip { get; init; } = 10;

    public ForecastLoss Loss { get; init; } = ForecastLoss.L1;

    /// <summary>Use only the first N training windows (null: all), for quick runs.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Seed of the per-epoch shuffle of the training windows.</summary>
    public int Seed { get; init; }

    /// <summary>Throws naming the first bad value.</summary>
    public void Validate()
    {
        if (Window <= 0 || Horizon <= 0 || Epochs <= 0 || BatchSize <= 0 || TrainLimit is <= 0)
        {
            throw new ArgumentException($"Forecast training: window ({Window}), horizon ({Horizon}), epochs ({Epochs}), batch size ({BatchSize}) and train limit ({TrainLimit}) must be positive.");
        }

        if (!(LearningRate > 0) || !(GradientClip > 0))
        {
            throw new ArgumentException($"Forecast training: learning rate ({LearningRate}) and gradient clip ({GradientClip}) must be positive.");
        }
    }
}
