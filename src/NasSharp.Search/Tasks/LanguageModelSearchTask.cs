using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tasks;

/// <summary>
/// Word-level language modelling as a search task (RECURRENT.md 2.1, the DARTS recurrent code): the supernet's
/// <see cref="CellLanguageModel"/> reads a window from the hidden state its stream left (truncated BPTT: carried, cut
/// from the graph; zeros at a stream's first window); the loss is the mean token NLL, and on the weight stream the
/// objective adds temporal activation regularization (beta = <see cref="TemporalBeta"/>; the code's architect uses
/// the plain NLL). A window seen again (the second-order step's repeated passes) starts from the same state.
/// </summary>
public sealed class LanguageModelSearchTask(float temporalBeta = 1e-3f) : ISearchTask<TokenBatch>
{
    private readonly Dictionary<int, Carried> streams = [];

    /// <summary>beta of the TAR term beta * mean((h_{t+1} - h_t)^2) (DARTS: 1e-3).</summary>
    public float TemporalBeta { get; } = temporalBeta >= 0 ? temporalBeta : throw new ArgumentOutOfRangeException(nameof(temporalBeta), temporalBeta, "LanguageModelSearchTask: beta must be non-negative.");

    public TaskLoss Loss(ChoiceSupernet supernet, TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var model = Model(supernet);
        var window = batch.Window;
        var start = Start(batch);
        var (logits, outputs, last) = model.Forward(window.Inputs, window.Length, window.BatchSize, start);
        var loss = Ops.CrossEntropy(logits, window.Targets);
        var end = Tensor.Persistent(last.Shape);
        end.CopyFrom(last);
        streams[batch.Stream] = new Carried(batch.Index, start, end);
        var objective = batch.Stream == 0 && TemporalBeta > 0 && model.IsTraining
            ? Ops.Add(loss, CellLanguageModel.TemporalActivationRegularization(outputs, TemporalBeta))
            : loss;
        return new TaskLoss(objective, loss, 0);
    }

    public int Count(TokenBatch batch) => batch?.Window.Targets.Length ?? throw new ArgumentNullException(nameof(batch));

    public int Inputs(TokenBatch batch) => Count(batch);

    /// <summary>The window's learning-rate factor (drawn length / bptt, RECURRENT.md 2.1 item 3; 1 for fixed windows).</summary>
    public double LearningRateScale(TokenBatch batch) => batch?.LearningRateScale ?? throw new ArgumentNullException(nameof(batch));

    /// <summary>Forgets every carried state (a new evaluation pass starts from zeros).</summary>
    public void Reset() => streams.Clear();

    internal static CellLanguageModel Model(ChoiceSupernet supernet) =>
        (supernet as RecurrentSupernet)?.Model as CellLanguageModel
        ?? throw new ArgumentException("LanguageModelSearchTask: the supernet must be a RecurrentSupernet around a CellLanguageModel.", nameof(supernet));

    // The state the previous window of this stream ended with; the same start again for a repeated window.
    private Tensor? Start(TokenBatch batch)
    {
        if (batch.Index == 0 || !streams.TryGetValue(batch.Stream, out var carried))
        {
            return null;
        }

        return carried.Index == batch.Index ? carried.Start : carried.Index == batch.Index - 1 ? carried.End : null;
    }

    private sealed record Carried(int Index, Tensor? Start, Tensor End);
}
