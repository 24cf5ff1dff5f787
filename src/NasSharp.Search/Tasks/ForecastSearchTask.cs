using NasSharp.Data;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tasks;

/// <summary>Multivariate forecasting as a search task (RECURRENT.md 2.5): MSE of the supernet's <see cref="CellForecaster"/> on max-abs-scaled windows.</summary>
public sealed class ForecastSearchTask(int window) : ISearchTask<SeriesBatch>
{
    /// <summary>Rows per window (time steps per forward pass, for the FLOP count).</summary>
    public int Window { get; } = window > 0 ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "ForecastSearchTask: the window must be positive.");

    public TaskLoss Loss(ChoiceSupernet supernet, SeriesBatch batch)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(batch);
        var loss = Ops.MseLoss(supernet.Forward(batch.Inputs), batch.Targets);
        return new TaskLoss(loss, loss, 0);
    }

    public int Count(SeriesBatch batch) => batch?.Targets.Shape[0] ?? throw new ArgumentNullException(nameof(batch));

    public int Inputs(SeriesBatch batch) => Count(batch) * Window;
}
