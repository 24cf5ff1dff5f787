using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

public class DifferentiableTrainerTests
{
    public static TheoryData<DifferentiableMethod, bool> MethodsAndSpaces()
    {
        var data = new TheoryData<DifferentiableMethod, bool>();
        foreach (var method in Enum.GetValues<DifferentiableMethod>())
        {
            data.Add(method, false);
            data.Add(method, true);
        }

        return data;
    }

    private static (ImageBatch Weights, ImageBatch Architecture) Batches()
    {
        var data = SearchFixture.Images(32).DartsHalves();
        return (SearchFixture.Loader(data.Train).Batch(0, 0), SearchFixture.Loader(data.Validation).Batch(0, 0));
    }

    [Theory]
    [MemberData(nameof(MethodsAndSpaces))]
    public void Step_FirstAdamStep_MovesAlphaAgainstTheGradientItComputed(DifferentiableMethod method, bool chain)
    {
        ChoiceSupernet supernet = chain ? SearchFixture.NewChain() : SearchFixture.NewNb201();
        // No weight decay on alpha: the move is then the gradient's alone.
        var options = SearchFixture.Options(method) with { AlphaInitScale = 0.3f, ArchitectureWeightDecay = 0f };
        var trainer = DifferentiableSearch.CreateTrainer(supernet, options, 8);
        var alpha = trainer.Tables.Tables[0];
        var before = alpha.ToArray();
        var (weights, architecture) = Batches();
        trainer.Step(weights, architecture);
        var grad = alpha.Grad!.ToArray();
        var after = alpha.ToArray();

        // Adam's first step (bias-corrected m = g, sqrt(v) = |g|): delta = -lr g / (|g| + eps), so every entry moves by
        // about lr against the sign of its gradient.
        var lr = options.ArchitectureLearningRate;
        // (The chain space's single-path gradients are small at this size, below 1e-5; the rule is the same.)
        Assert.Contains(grad, g => g != 0);
        for (var i = 0; i < before.Length; i++)
        {
            var expected = -lr * grad[i] / (Math.Abs(grad[i]) + 1e-8);
            Assert.True(Math.Abs(after[i] - before[i] - expected) <= 1e-3 * lr, $"entry {i}: gradient {grad[i]}, moved {after[i] - before[i]}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_DartsFirstOrder_AlphaGradientIsTheArchitectureBatchLossGradientAtTheWeightsBeforeTheStep(bool chain)
    {
        ChoiceSupernet supernet = chain ? SearchFixture.NewChain() : SearchFixture.NewNb201();
        var trainer = DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(DifferentiableMethod.Darts) with { AlphaInitScale = 0.3f }, 8);
        var (weights, architecture) = Batches();
        float[] expected;
        using (var scope = new TensorScope())
        {
            Ops.CrossEntropy(supernet.Forward(architecture.Images), architecture.Labels).Backward();
            expected = trainer.Tables.Tables[0].Grad!.ToArray();
            trainer.Tables.Tables[0].ClearGrad();
            supernet.Parameters().ToList().ForEach(p => p.ClearGrad());
        }

        trainer.Step(weights, architecture);
        var grad = trainer.Tables.Tables[0].Grad!.ToArray();
        Assert.All(Enumerable.Range(0, grad.Length), i => Assert.True(Math.Abs(grad[i] - expected[i]) <= 1e-6 + (1e-4 * Math.Abs(expected[i])), $"entry {i}: {grad[i]} vs {expected[i]}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_Gdas_EachRowsGradientIsTheStraightThroughShape(bool chain)
    {
        // dL/dalpha_k = c / tau * soft_s * (onehot_s(k) - soft_k): the chosen entry against every other, the row summing to 0.
        ChoiceSupernet supernet = chain ? SearchFixture.NewChain() : SearchFixture.NewNb201();
        var trainer = (GumbelTrainer)DifferentiableSearch.CreateTrainer(supernet, SearchFixture.Options(DifferentiableMethod.Gdas), 8);
        var (weights, architecture) = Batches();
        trainer.Step(weights, architecture);
        var chosen = ((GumbelChoicePolicy)trainer.Policy).Chosen[0];
        var grad = trainer.Tables.Tables[0].Grad!.ToArray();
        var choices = supernet.Shapes[0].Choices;
        for (var r = 0; r < chosen.Length; r++)
        {
            var row = grad.AsSpan(r * choices, choices).ToArray();
            Assert.Equal(0, row.Sum(), 6);
            var s = row[chosen[r]];
            Assert.All(row.Where((_, k) => k != chosen[r]), v => Assert.True(v == 0 || Math.Sign(v) == -Math.Sign(s), $"row {r}: {string.Join(", ", row)}"));
        }

        Assert.Contains(grad, g => g != 0);
    }
}
