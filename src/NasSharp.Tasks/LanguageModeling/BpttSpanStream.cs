using NasSharp.Data;
using NasSharp.NN.Training;

namespace NasSharp.Tasks.LanguageModeling;

/// <summary>
/// The training windows of every epoch of a language model's batchified stream, as the one training loop reads them:
/// epoch e (0-based) is <see cref="BpttPlan.Epoch"/> of the 1-based epoch e + 1, fixed or drawn lengths keyed by
/// (seed, epoch), so a resumed run reads the windows an uninterrupted one read.
/// </summary>
internal sealed class BpttSpanStream(int steps, LanguageModelTrainingOptions options) : ISearchData<BpttSpan>
{
    /// <summary>Windows in the epoch read last (drawn lengths make the count vary from epoch to epoch).</summary>
    public int BatchCount { get; private set; } = BpttPlan.Epoch(steps, options.Bptt, options.BpttLengths, options.Seed, 1).Count;

    public IEnumerable<BpttSpan> Epoch(int epoch)
    {
        var spans = BpttPlan.Epoch(steps, options.Bptt, options.BpttLengths, options.Seed, epoch + 1);
        BatchCount = spans.Count;
        return spans;
    }
}
