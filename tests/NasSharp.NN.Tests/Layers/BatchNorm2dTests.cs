using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Layers;

public class BatchNorm2dTests
{
    private static Tensor Input() => Tensor.RandomNormal(new Random(4), 3f, 2f, 4, 2, 3, 3);

    private static (float Mean, float Variance) ChannelStatistics(Tensor y, int channel)
    {
        var (n, c, hw) = (y.Shape[0], y.Shape[1], y.Shape[2] * y.Shape[3]);
        var values = Enumerable.Range(0, n).SelectMany(i => y.Data.Slice(((i * c) + channel) * hw, hw).ToArray()).ToArray();
        var mean = values.Average();
        return (mean, values.Select(v => (v - mean) * (v - mean)).Average());
    }

    [Fact]
    public void Forward_Training_NormalisesEachChannelAndUpdatesRunningStatistics()
    {
        var bn = new BatchNorm2d(2);
        var y = bn.Forward(Input());
        for (var channel = 0; channel < 2; channel++)
        {
            var (mean, variance) = ChannelStatistics(y, channel);
            Assert.Equal(0f, mean, 4);
            Assert.Equal(1f, variance, 2);
        }

        // Running mean moved 10% of the way from 0 towards the batch mean (about 3).
        Assert.InRange(bn.RunningMean!.Data[0], 0.2f, 0.4f);
        Assert.InRange(bn.RunningVar!.Data[0], 1.05f, 1.8f);
    }

    [Fact]
    public void TrainEval_Switch_ChangesOutputBecauseEvalUsesRunningStatistics()
    {
        var bn = new BatchNorm2d(2);
        var x = Input();
        var training = bn.Forward(x).ToArray();
        bn.Eval();
        var before = bn.RunningMean!.ToArray();
        var evaluation = bn.Forward(x).ToArray();
        Assert.NotEqual(training, evaluation);
        Assert.Equal(before, bn.RunningMean.ToArray());

        // Evaluation mode: (x - running mean) / sqrt(running var + eps).
        var expected = (x.Data[0] - bn.RunningMean.Data[0]) / MathF.Sqrt(bn.RunningVar!.Data[0] + 1e-5f);
        Assert.Equal(expected, evaluation[0], 4);
    }

    [Fact]
    public void Forward_BatchStatisticsOption_NormalisesInEvalTooAndHasNoState()
    {
        var bn = new BatchNorm2d(2, BatchNormOptions.BatchStatistics);
        Assert.Empty(bn.StateDict());
        var x = Input();
        var training = bn.Forward(x).ToArray();
        bn.Eval();
        Assert.Equal(training, bn.Forward(x).ToArray());
    }

    [Fact]
    public void StateDict_UsesPyTorchNames()
    {
        Assert.Equal(["weight", "bias", "running_mean", "running_var"], new BatchNorm2d(4).StateDict().Keys);
        Assert.Equal(["running_mean", "running_var"], new BatchNorm2d(4, BatchNormOptions.NonAffine).StateDict().Keys);
    }

    [Fact]
    public void ResetRunningStatistics_RestoresInitialValues()
    {
        var bn = new BatchNorm2d(2);
        bn.Forward(Input());
        bn.ResetRunningStatistics();
        Assert.Equal([0f, 0f], bn.RunningMean!.ToArray());
        Assert.Equal([1f, 1f], bn.RunningVar!.ToArray());
    }
}
