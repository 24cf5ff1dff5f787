using NasSharp.NN.Optimization;
using NasSharp.Search.Growth;
using NasSharp.Search.Recurrent;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Recurrent;

/// <summary>
/// --tib-bound in a search (RECURRENT.md 1.2, "Stability": "Recurrence through mul/add_id can blow up ... apply tanh to
/// h_t"): a 4-node tib supernet of 64 (Part L's size) at the language-modelling recipe's lr 20 (clip 0.25), whose state
/// blows up without the bound even with the gates in the gains' Adam, trains with it.
/// </summary>
public sealed class TibBoundSearchTests
{
    // A 200-word synthetic Markov chain, 6 windows of 64 x 35 per epoch, as DifferentiableTrainerTibGainsTests; seed 1 (seed 2
    // trains without the bound too at this size, measured).
    private static readonly LanguageModelData Tokens = SyntheticSequences.Tokens(1, vocabulary: 200, train: 64 * 35 * 6, alpha: 64 * 35 * 2, valid: 100, test: 100);

    [Fact]
    public void RunLanguageModel_FourNodesOf64AtLr20WithoutTheBound_Diverges()
    {
        var error = Assert.Throws<TrainingDivergedException>(() => RecurrentSearch.RunLanguageModel(Options(bound: false), Tokens));

        Assert.Contains("not finite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunLanguageModel_FourNodesOf64AtLr20WithTheBound_TrainsBelowTheUniformModel()
    {
        var result = RecurrentSearch.RunLanguageModel(Options(bound: true), Tokens);

        var uniform = Math.Log(200);
        Assert.Equal(2, result.Search.History.Count);
        Assert.All(result.Search.History, h => Assert.InRange(h.TrainLoss, 0, uniform));
        Assert.InRange(result.AlphaLosses[^1].Loss, 0, uniform);
        Assert.True(result.Search.History[^1].TrainLoss < result.Search.History[0].TrainLoss);
    }

    [Fact]
    public void Validate_BoundOnADartsRnnSearch_ThrowsNamingTheOption()
    {
        var options = Options(bound: true) with { Space = RecurrentSpace.DartsRnn };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("--tib-bound applies to --space tib", error.Message, StringComparison.Ordinal);
    }

    private static RecurrentSearchOptions Options(bool bound) => new()
    {
        Space = RecurrentSpace.Tib, Task = RecurrentTask.Lm, Grow = GrowthMode.None, MaxNodes = 4, Hidden = 64, BatchSize = 64, TibBound = bound,
        Search = RecurrentSearchOptions.ForTask(RecurrentTask.Lm, DifferentiableMethod.Darts, 2, 1),
    };
}
