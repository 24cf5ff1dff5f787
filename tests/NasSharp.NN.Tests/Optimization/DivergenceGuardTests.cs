using NasSharp.NN.Layers;
using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class DivergenceGuardTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void CheckLoss_NonFinite_ThrowsNamingStepValueAndLearningRate(double loss)
    {
        var guard = new DivergenceGuard();
        guard.CheckLoss(2.3, 0.1);
        var ex = Assert.Throws<TrainingDivergedException>(() => guard.CheckLoss(loss, 1000));
        Assert.Equal(2, ex.Step);
        Assert.Contains("step 2", ex.Message);
        Assert.Contains("learning rate 1000", ex.Message);
        Assert.Contains("--weight-lr", ex.Message);
    }

    [Fact]
    public void CheckLoss_FarAboveTheFirstStepsMean_Throws()
    {
        var guard = new DivergenceGuard();
        for (var i = 0; i < DivergenceGuard.ReferenceSteps; i++)
        {
            guard.CheckLoss(2.0 + (0.1 * i), 0.1);
        }

        Assert.Equal((100 * 2.45) + 1, guard.Limit!.Value, 9);
        guard.CheckLoss(200, 0.1);
        var ex = Assert.Throws<TrainingDivergedException>(() => guard.CheckLoss(1.9e10, 0.1));
        Assert.Equal(DivergenceGuard.ReferenceSteps + 2, ex.Step);
        Assert.Contains("1.9E+10", ex.Message);
    }

    [Fact]
    public void CheckLoss_SecondStepHundredsOfTimesTheFirst_ThrowsAtStepTwo()
    {
        var guard = new DivergenceGuard();
        Assert.Null(guard.Limit);
        guard.CheckLoss(2.3, 1000);
        Assert.Equal(231, guard.Limit!.Value, 9);
        Assert.Equal(2, Assert.Throws<TrainingDivergedException>(() => guard.CheckLoss(5000, 1000)).Step);
    }

    [Fact]
    public void CheckLoss_ReferenceFrozenAfterTheReferenceSteps_LaterLossesDoNotMoveTheLimit()
    {
        var guard = new DivergenceGuard();
        for (var i = 0; i < DivergenceGuard.ReferenceSteps + 5; i++)
        {
            guard.CheckLoss(i < DivergenceGuard.ReferenceSteps ? 1 : 50, 0.1);
        }

        Assert.Equal(101, guard.Limit!.Value, 9);
    }

    [Fact]
    public void CheckGradientNorm_NaN_ThrowsWithTheGivenHint()
    {
        var guard = new DivergenceGuard("lower --weight-lr");
        guard.CheckLoss(1, 0.5);
        var ex = Assert.Throws<TrainingDivergedException>(() => guard.CheckGradientNorm(float.NaN, 0.5));
        Assert.Contains("gradient norm", ex.Message);
        Assert.EndsWith("lower --weight-lr", ex.Message);
    }

    [Fact]
    public void CheckParameters_OneInfiniteWeight_ThrowsNamingTheParameter()
    {
        var model = new Linear(3, 2, new Random(0));
        var guard = new DivergenceGuard();
        guard.CheckParameters(model, 0.1);
        model.NamedParameters().Single(p => p.Name == "bias").Tensor.Data[1] = float.PositiveInfinity;
        var ex = Assert.Throws<TrainingDivergedException>(() => guard.CheckParameters(model, 0.1));
        Assert.Contains("'bias'", ex.Message);
    }

    [Theory]
    [InlineData(50f, false)]
    [InlineData(150f, true)]
    public void CheckParameters_WeightsScaledAfterRecording_ThrowsOnlyBeyondTheGrowthFactor(float scale, bool throws)
    {
        var model = new Linear(3, 2, new Random(0));
        var guard = new DivergenceGuard();
        guard.RecordInitialWeights(model);
        foreach (var (_, tensor) in model.NamedParameters())
        {
            var data = tensor.Data;
            for (var i = 0; i < data.Length; i++)
            {
                data[i] *= scale;
            }
        }

        var ex = Record.Exception(() => guard.CheckParameters(model, 1000));
        Assert.Equal(throws, ex is TrainingDivergedException);
        if (throws)
        {
            Assert.Contains("weight norm", ex!.Message, StringComparison.Ordinal);
            Assert.Contains("100x its starting value", ex.Message, StringComparison.Ordinal);
        }
    }
}
