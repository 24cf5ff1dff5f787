using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Tasks.LanguageModeling;
using NasSharp.Tensors;

namespace NasSharp.Tasks.Tests.LanguageModeling;

/// <summary>
/// The DARTS recurrent recipe's parts of <see cref="LanguageModelTraining"/> on a scripted model whose training loss is
/// its one weight w (gradient 1, so a step moves w by exactly its learning rate) and whose validation losses are given.
/// </summary>
public class LanguageModelTrainingRecipeTests
{
    private const float Start = 10f;
    private const float Rate = 0.01f;

    // 41 rows in 2 columns: 5 windows of 8 at fixed length (the last row is only a target).
    private static readonly int[] Train = new int[2 * 41];
    private static readonly int[] Valid = new int[2 * 9];

    private static readonly LanguageModelTrainingOptions Recipe = new() { BatchSize = 2, EvalBatchSize = 2, Bptt = 8, LearningRate = Rate, GradientClip = 1e6 };

    [Fact]
    public void Run_RandomBptt_ReadsThePlannedWindowsAndScalesEachStepsRateByDrawnLengthOverBptt()
    {
        var model = new ScriptedModel(3, 2, 1);
        var train = new int[2 * 401]; // 401 rows
        var steps = new List<TrainingStep>();
        new LanguageModelTraining(model, Recipe with { Epochs = 2, BpttLengths = BpttLengthRule.DartsRetrain, Seed = 4 })
            .Run(train, Valid, Valid, stepProgress: new Synchronous<TrainingStep>(steps.Add));

        var plans = new[] { 1, 2 }.SelectMany(e => BpttPlan.Epoch(401, 8, BpttLengthRule.DartsRetrain, 4, e)).ToList();
        Assert.Equal(plans.Select(p => p.Length), model.TrainLengths);
        Assert.Contains(plans, p => p.LearningRateScale != 1);
        var expected = Start;
        for (var i = 0; i < plans.Count; i++)
        {
            Assert.Equal(expected, model.TrainWeights[i]);
            expected -= (float)(Rate * plans[i].LearningRateScale);
        }

        Assert.Equal(plans.Count, steps.Count);
        Assert.Equal(steps[^1].Batches, steps[^1].Batch);
    }

    [Fact]
    public void Run_Asgd_SwitchesWhenTheTriggerFiresThenValidatesKeepsAndTestsTheAveragedWeights()
    {
        // nonmono 2: epoch 6 (4.2) is worse than min(5, 4, 3), so the switch comes after it (as the trigger's own test).
        var model = new ScriptedModel(5, 4, 3, 3.5, 3.9, 4.2, 4.4, 2.5, 7);
        var result = new LanguageModelTraining(model, Recipe with { Epochs = 8, Asgd = true, NonMonotoneInterval = 2 }).Run(Train, Valid, Valid);

        Assert.Equal(6, result.AsgdSwitchEpoch);
        Assert.Equal([false, false, false, false, false, false, true, true], result.Epochs.Select(e => e.Averaged));
        Assert.All(result.Epochs, e => Assert.Equal(Rate, e.LearningRate, 1e-9));
        const int S = 5;
        Assert.Equal(MeanOfIterates(6 * S + 1, 7 * S), model.WeightsAtEvaluation[6], 1e-4);
        Assert.Equal(Start - (Rate * 7 * S), model.TrainWeights[7 * S], 1e-4); // epoch 8 trained on from the raw weights
        Assert.Equal(8, result.BestEpoch);
        Assert.Equal(2.5, result.BestValidLoss, 1e-6);
        Assert.Equal(MeanOfIterates(6 * S + 1, 8 * S), model.WeightsAtEvaluation[8], 1e-4);
        Assert.Equal(MeanOfIterates(6 * S + 1, 8 * S), model.Weight, 1e-4);
        Assert.Equal(7, result.TestLoss, 1e-6);
    }

    [Fact]
    public void Run_AsgdNeverTriggered_KeepsTheLearningRateConstantAndReportsNoSwitch()
    {
        var result = new LanguageModelTraining(new ScriptedModel(5, 6, 7, 8), Recipe with { Epochs = 3, Asgd = true }).Run(Train, Valid, Valid);

        Assert.Null(result.AsgdSwitchEpoch);
        Assert.All(result.Epochs, e => Assert.Equal(Rate, e.LearningRate, 1e-9));
        Assert.All(result.Epochs, e => Assert.False(e.Averaged));
        Assert.Equal(1, result.BestEpoch);
    }

    // Iterate j is w_j = Start - j x Rate; the mean of w_first .. w_last.
    private static double MeanOfIterates(int first, int last) => Start - (Rate * (first + last) / 2.0);

    private sealed class Synchronous<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class Weight : Module
    {
        public Weight() => W = RegisterParameter("w", Parameter.Filled(Start, 1));

        public Tensor W { get; }

        public override Tensor Forward(Tensor input) => throw new NotSupportedException();
    }

    // Training: loss w. Evaluation pass p (validations, then the test): the p-th scripted loss, w recorded.
    private sealed class ScriptedModel(params double[] evaluationLosses) : IWindowedLanguageModel
    {
        private readonly Weight weight = new();

        public Module Module => weight;

        public float Weight => weight.W.Data[0];

        public List<int> TrainLengths { get; } = [];

        public List<float> TrainWeights { get; } = [];

        public List<float> WeightsAtEvaluation { get; } = [];

        // No draws to rekey.
        public void RekeyDraws(int seed)
        {
        }

        public void ResetState()
        {
            if (!weight.IsTraining)
            {
                WeightsAtEvaluation.Add(Weight);
            }
        }

        public (Tensor Loss, Tensor Objective) Forward(BpttWindow window)
        {
            if (weight.IsTraining)
            {
                TrainLengths.Add(window.Length);
                TrainWeights.Add(Weight);
                var loss = Ops.Sum(weight.W);
                return (loss, loss);
            }

            var scripted = Tensor.Scalar((float)evaluationLosses[WeightsAtEvaluation.Count - 1]);
            return (scripted, scripted);
        }
    }
}
