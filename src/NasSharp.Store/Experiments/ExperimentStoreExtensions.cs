namespace NasSharp.Store.Experiments;

/// <summary>Helpers over any <see cref="IExperimentStore"/>.</summary>
public static class ExperimentStoreExtensions
{
    /// <summary>
    /// Waits, polling every <paramref name="pollInterval"/>, until none of the study's trials is queued or running,
    /// calling <paramref name="finished"/> once for each trial seen complete or failed (in number order); returns every
    /// trial. For a process that enqueued units for external workers.
    /// </summary>
    public static IReadOnlyList<TrialRecord> WaitForCompletion(this IExperimentStore store, long studyId, TimeSpan pollInterval, Action<TrialRecord>? finished = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var reported = new HashSet<long>();
        while (true)
        {
            var trials = store.Trials(studyId);
            foreach (var trial in trials.Where(t => t.State is TrialState.Complete or TrialState.Failed && reported.Add(t.Id)))
            {
                finished?.Invoke(trial);
            }

            if (trials.All(t => t.State is TrialState.Complete or TrialState.Failed))
            {
                return trials;
            }

            cancellationToken.ThrowIfCancellationRequested();
            cancellationToken.WaitHandle.WaitOne(pollInterval);
        }
    }
}
