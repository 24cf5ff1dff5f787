namespace NasSharp.Store.Experiments;

/// <summary>
/// A unit of work to enqueue: its <see cref="Kind"/> selects the executor that runs it, <see cref="Genotype"/> is the
/// architecture's text form and <see cref="PayloadJson"/> everything else the executor needs (evaluator settings,
/// data, seed). Together they are the unit's identity, from which its executor must derive every seed, so results
/// do not depend on which worker ran it.
/// </summary>
public sealed record UnitSpec(string Kind, string Genotype, string PayloadJson);
