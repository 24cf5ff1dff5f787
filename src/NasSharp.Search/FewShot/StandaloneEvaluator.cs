using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.FewShot;

/// <summary>
/// Vanilla NAS's evaluator (Zoph &amp; Le 2017): every genotype is trained from scratch
/// (<see cref="StandaloneTraining"/>); the search sees its held-out accuracy and the test accuracy is reported.
/// Expensive: meant for tiny skeletons and budgets, and as the reference the supernet evaluators approximate.
/// Results are cached per genotype.
/// </summary>
public sealed class StandaloneEvaluator(FewShotData data, int channels, int cellsPerStage, int epochs, float learningRate, int seed) : IEvaluator<Nb201Genotype>
{
    private readonly Dictionary<Nb201Genotype, EvaluationResult> cache = [];

    public EvaluationResult Evaluate(Nb201Genotype genotype)
    {
        if (!cache.TryGetValue(genotype, out var result))
        {
            var trained = StandaloneTraining.Train(genotype, data, channels, cellsPerStage, epochs, learningRate, seed);
            result = new EvaluationResult(trained.ValidationAccuracy, trained.TestAccuracy);
            cache.Add(genotype, result);
        }

        return result;
    }
}
