using NasSharp.Kernels;
using NasSharp.Kernels.Reference;
using NasSharp.Tensors;

namespace NasSharp.Tensors.Tests.Ops;

public class BatchNorm2dTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 5, 7 })]
    [InlineData(new[] { 4, 2, 1, 1 })]
    [InlineData(new[] { 3, 4, 2, 3 })]
    public void BatchNorm2d_TrainingAffine_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(
            x => NasSharp.Tensors.Ops.BatchNorm2d(x[0], x[1], x[2], null, null, training: true),
            OpAssert.RandomInputs(11, shape, [shape[1]], [shape[1]]));

    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 })]
    [InlineData(new[] { 1, 2, 3, 1 })]
    public void BatchNorm2d_TrainingWithoutAffine_GradientsMatchFiniteDifferences(int[] shape) =>
        OpAssert.GradientsMatch(x => NasSharp.Tensors.Ops.BatchNorm2d(x[0], null, null, null, null, training: true), OpAssert.RandomInputs(12, shape));

    [Theory]
    [InlineData(new[] { 2, 3, 5, 7 })]
    [InlineData(new[] { 1, 2, 1, 3 })]
    public void BatchNorm2d_Evaluation_GradientsMatchFiniteDifferences(int[] shape)
    {
        var c = shape[1];
        var runningMean = Tensor.RandomUniform(new Random(13), -0.5f, 0.5f, c);
        var runningVar = Tensor.RandomUniform(new Random(14), 0.5f, 2f, c);
        OpAssert.GradientsMatch(
            x => NasSharp.Tensors.Ops.BatchNorm2d(x[0], x[1], x[2], runningMean, runningVar, training: false),
            OpAssert.RandomInputs(15, shape, [c], [c]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNorm2d_BothModes_MatchReference(bool training)
    {
        var x = OpAssert.RandomInputs(16, [3, 4, 5, 7], [4], [4]);
        var runningMean = Tensor.FromArray([0.1f, -0.2f, 0.3f, 0f], 4);
        var runningVar = Tensor.FromArray([1f, 0.5f, 2f, 1.5f], 4);
        var (meanBefore, varBefore) = (runningMean.ToArray(), runningVar.ToArray());
        var y = NasSharp.Tensors.Ops.BatchNorm2d(x[0], x[1], x[2], runningMean, runningVar, training);

        var g = new BatchNormGeometry(3, 4, 35);
        var expected = new float[g.Length];
        if (training)
        {
            BatchNormalizationReference.ForwardTraining(g, 1e-5f, x[0].Data, x[1].Data, x[2].Data, expected, new float[4], new float[4]);
        }
        else
        {
            BatchNormalizationReference.ForwardInference(g, 1e-5f, x[0].Data, x[1].Data, x[2].Data, meanBefore, varBefore, expected);
        }

        OpAssert.Close(expected, y.Data, 1e-4f);
    }

    [Fact]
    public void BatchNorm2d_Training_UpdatesRunningStatisticsWithUnbiasedVariance()
    {
        // Channel 0 holds {1, 2, 3, 6}: mean 3, biased variance 3.5, unbiased 14 / 3. Channel 1 is constant 5.
        var x = Tensor.FromArray([1f, 2f, 5f, 5f, 3f, 6f, 5f, 5f], 2, 2, 1, 2);
        var runningMean = Tensor.FromArray([1f, 0f], 2);
        var runningVar = Tensor.FromArray([1f, 2f], 2);
        NasSharp.Tensors.Ops.BatchNorm2d(x, null, null, runningMean, runningVar, training: true, momentum: 0.25f);
        Assert.Equal((0.75f * 1f) + (0.25f * 3f), runningMean.Data[0], 5);
        Assert.Equal(0.25f * 5f, runningMean.Data[1], 5);
        Assert.Equal((0.75f * 1f) + (0.25f * 14f / 3f), runningVar.Data[0], 5);
        Assert.Equal(0.75f * 2f, runningVar.Data[1], 5);
    }

    [Fact]
    public void BatchNorm2d_Training_NormalisesEachChannelToZeroMeanUnitVariance()
    {
        var x = OpAssert.RandomInputs(17, [4, 3, 3, 5])[0];
        var y = NasSharp.Tensors.Ops.BatchNorm2d(x, null, null, null, null, training: true, epsilon: 0f);
        for (var c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, 4).SelectMany(n => y.Data.Slice(((n * 3) + c) * 15, 15).ToArray()).ToArray();
            Assert.Equal(0.0, values.Average(), 5);
            Assert.Equal(1.0, values.Select(v => (double)v * v).Average(), 4);
        }
    }

    [Fact]
    public void BatchNorm2d_Evaluation_UsesRunningStatisticsAndLeavesThemUnchanged()
    {
        var x = Tensor.FromArray([1f, 3f, -2f, 4f], 1, 2, 1, 2);
        var runningMean = Tensor.FromArray([1f, -2f], 2);
        var runningVar = Tensor.FromArray([4f, 0.25f], 2);
        var weight = Tensor.FromArray([2f, 1f], 2);
        var bias = Tensor.FromArray([0.5f, -1f], 2);
        var y = NasSharp.Tensors.Ops.BatchNorm2d(x, weight, bias, runningMean, runningVar, training: false, epsilon: 0f);

        // (x - mean) / sqrt(var) * weight + bias per channel.
        Assert.Equal(new[] { 0.5f, 2.5f, -1f, 11f }, y.ToArray());
        Assert.Equal(new[] { 1f, -2f }, runningMean.ToArray());
        Assert.Equal(new[] { 4f, 0.25f }, runningVar.ToArray());
    }

    [Fact]
    public void BatchNorm2d_InputWithoutGrad_GivesReferenceWeightAndBiasGradients()
    {
        var x = OpAssert.RandomInputs(18, [2, 3, 4, 5])[0];
        var weight = Tensor.FromArray([1.5f, -0.5f, 2f], 3).WithGrad();
        var bias = Tensor.FromArray([0f, 1f, -1f], 3).WithGrad();
        var seed = OpAssert.RandomInputs(19, [2, 3, 4, 5])[0];
        NasSharp.Tensors.Ops.BatchNorm2d(x, weight, bias, null, null, training: true).Backward(seed);

        var (dGamma, dBeta) = (new float[3], new float[3]);
        BatchNormalizationReference.Backward(new BatchNormGeometry(2, 3, 20), true, 1e-5f, x.Data, seed.Data, weight.Data, [], [], new float[x.Count], dGamma, dBeta);
        Assert.Null(x.Grad);
        OpAssert.Close(dGamma, weight.Grad!.Data, 1e-4f);
        OpAssert.Close(dBeta, bias.Grad!.Data, 1e-4f);
    }

    [Fact]
    public void BatchNorm2d_WeightOfWrongLength_ThrowsNamingOpAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.BatchNorm2d(Tensor.Zeros(2, 3, 4, 4), Tensor.Ones(4), null, null, null, training: true));
        Assert.Contains("BatchNorm2d", ex.Message);
        Assert.Contains("[2, 3, 4, 4]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void BatchNorm2d_EvaluationWithoutRunningStatistics_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.BatchNorm2d(Tensor.Zeros(2, 3, 4, 4), null, null, null, null, training: false));
        Assert.Contains("BatchNorm2d", ex.Message);
        Assert.Contains("running", ex.Message);
    }

    [Fact]
    public void BatchNorm2d_TrainingOnOneValuePerChannel_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.BatchNorm2d(Tensor.Zeros(1, 3, 1, 1), null, null, null, null, training: true));
        Assert.Contains("[1, 3, 1, 1]", ex.Message);
    }

    [Fact]
    public void BatchNorm2d_OnlyRunningMeanGiven_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => NasSharp.Tensors.Ops.BatchNorm2d(Tensor.Zeros(2, 3, 4, 4), null, null, Tensor.Zeros(3), null, training: true));
        Assert.Contains("running variance", ex.Message);
    }
}
