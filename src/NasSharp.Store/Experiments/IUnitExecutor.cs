namespace NasSharp.Store.Experiments;

/// <summary>
/// Runs the units of one <see cref="Kind"/> for a <see cref="WorkerLoop"/>. The result must follow from the unit
/// alone (its genotype and payload seed everything), never from the worker or the order units were run in.
/// Honouring the cancellation token is optional: a worker that stops, or loses its lease, stops waiting
/// for the result and never commits it.
/// </summary>
public interface IUnitExecutor
{
    /// <summary>The unit kind this executor runs, e.g. <c>groundtruth</c>.</summary>
    string Kind { get; }

    TrialResult Execute(LeasedUnit unit, CancellationToken cancellationToken);
}
