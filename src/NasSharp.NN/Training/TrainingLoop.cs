using System.Diagnostics;

namespace NasSharp.NN.Training;

/// <summary>
/// The one epoch x batch loop of every training in the library: differentiable search (every method of the
/// <c>DifferentiableTrainer</c> family) and the derived child trained on, one-shot supernet training (SPOS
/// single path, path dropout) and stand-alone training. What a step does is the <see cref="IStepProcedure{TBatch, TRecord}"/>;
/// the loop iterates the epochs left and their batches (<see cref="ISearchData{TBatch}"/>, ordered by the epoch number),
/// stops before a batch when cancelled, checks the weights for divergence after every epoch, writes the procedure's
/// checkpoint after every epoch and only then reports the epoch (so a report is a safe point: its checkpoint is on
/// disk), and restores from a checkpoint. A run killed after any epoch and restored ends bitwise as an uninterrupted
/// one, since every random stream is keyed by seed and epoch and the kernels are deterministic.
/// </summary>
/// <typeparam name="TBatch">The batch type of the data stream.</typeparam>
/// <typeparam name="TRecord">The record of one epoch.</typeparam>
public sealed class TrainingLoop<TBatch, TRecord>
{
    private readonly IStepProcedure<TBatch, TRecord> procedure;
    private readonly ISearchData<TBatch> data;
    private readonly List<TRecord> history = [];

    /// <param name="procedure">What each step does.</param>
    /// <param name="data">The batches of every epoch.</param>
    /// <param name="epochs">Epochs in all; a restored run continues up to this many.</param>
    /// <param name="firstEpoch">Epochs already done elsewhere (a phase continuing another: the derived child trained on after its search).</param>
    public TrainingLoop(IStepProcedure<TBatch, TRecord> procedure, ISearchData<TBatch> data, int epochs, int firstEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(firstEpoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, firstEpoch);
        (this.procedure, this.data, Epochs, CompletedEpochs) = (procedure, data, epochs, firstEpoch);
    }

    /// <summary>Epochs in all.</summary>
    public int Epochs { get; }

    /// <summary>Epochs finished (and, with a checkpoint directory, checkpointed).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Whether the procedure stopped the run early.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Training seconds of all sessions (those before a restore included).</summary>
    public double Seconds { get; private set; }

    /// <summary>The records of the epochs this loop ran or restored, in order.</summary>
    public IReadOnlyList<TRecord> History => history;

    /// <summary>The state a checkpoint records.</summary>
    public TrainingLoopState<TRecord> State => new(CompletedEpochs, [.. history], Seconds, Stopped);

    /// <summary>
    /// Restores the procedure and the loop from the checkpoint in <paramref name="directory"/>; false when there is none.
    /// The restored epochs' records are replayed through <paramref name="replay"/>.
    /// </summary>
    public bool TryRestore(string directory, Action<TRecord>? replay = null)
    {
        if (procedure.TryRestore(directory) is not { } restored)
        {
            return false;
        }

        history.Clear();
        history.AddRange(restored.History);
        (CompletedEpochs, Seconds, Stopped) = (restored.CompletedEpochs, restored.Seconds, restored.Stopped);
        foreach (var record in history)
        {
            replay?.Invoke(record);
        }

        return true;
    }

    /// <summary>Writes the checkpoint of the current state into <paramref name="directory"/>.</summary>
    public void Save(string directory) => procedure.Save(directory, State);

    /// <summary>
    /// Trains the epochs left, checkpointing into <paramref name="checkpointDirectory"/> after each (none when null), then
    /// reporting it to <paramref name="onEpoch"/>; <paramref name="onStep"/> hears every step. Cancellation stops before
    /// the next batch, leaving the last checkpoint as the resume point.
    /// </summary>
    public void Run(string? checkpointDirectory, Action<TRecord>? onEpoch = null, Action<TrainingLoopStep>? onStep = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var secondsBefore = Seconds;
        for (var epoch = CompletedEpochs; epoch < Epochs && !Stopped; epoch++)
        {
            procedure.BeginEpoch(epoch);
            var sums = new EpochSums();
            var index = 0;
            foreach (var batch in data.Epoch(epoch))
            {
                cancellation.ThrowIfCancellationRequested();
                var metrics = procedure.Step(batch);
                sums.Add(metrics);
                onStep?.Invoke(new TrainingLoopStep(epoch, index++, data.BatchCount, metrics, sums));
            }

            // Never record, save or report non-finite weights.
            procedure.Guard.CheckParameters(procedure.Model, procedure.LearningRate);
            var record = procedure.EndEpoch(epoch, sums, secondsBefore + clock.Elapsed.TotalSeconds);
            history.Add(record);
            (CompletedEpochs, Stopped, Seconds) = (epoch + 1, procedure.StopsAfter(record), secondsBefore + clock.Elapsed.TotalSeconds);
            if (checkpointDirectory != null)
            {
                procedure.Save(checkpointDirectory, State);
            }

            onEpoch?.Invoke(record);
        }

        Seconds = secondsBefore + clock.Elapsed.TotalSeconds;
    }
}
