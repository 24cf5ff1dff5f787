using NasSharp.Search.Evaluation;

namespace NasSharp.Search.Pipelines;

/// <summary>
/// Answers the first queries of a search from its recorded trials and the rest from the real evaluator. A query whose
/// genotype differs from the recorded one means the strategy did not retrace the interrupted run (other options, other
/// code): the search stops rather than mix two runs.
/// </summary>
internal sealed class ReplayingEvaluator<TGenotype>(IEvaluator<TGenotype> inner, IReadOnlyList<RecordedEvaluation> recorded, int repeat) : IEvaluator<TGenotype>
    where TGenotype : notnull
{
    /// <summary>Queries answered so far (replayed ones included).</summary>
    public int Queries { get; private set; }

    /// <summary>True when the last query was answered from the record.</summary>
    public bool LastReplayed { get; private set; }

    public EvaluationResult Evaluate(TGenotype genotype)
    {
        var index = Queries++;
        LastReplayed = index < recorded.Count;
        if (!LastReplayed)
        {
            return inner.Evaluate(genotype);
        }

        var record = recorded[index];
        var asked = genotype.ToString();
        return asked == record.Genotype
            ? record.Result
            : throw new InvalidOperationException($"cannot resume: repeat {repeat + 1} trial {index + 1} asked {asked} but the store recorded {record.Genotype}; the saved options or the code differ from the interrupted run");
    }
}
