using NasSharp.NN.Training;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Spaces.DartsRnn;
using NasSharp.Search.Spaces.Tib;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Networks.Recurrent;

public class CellModelTests
{
    [Fact]
    public void LanguageModel_DartsV2Cell_GivesLogitsStateAndTiedGradients()
    {
        var model = new CellLanguageModel(7, new DartsRnnCell(DartsRnnGenotype.DartsV2, 4, 4, new Random(0)), new KeyedRandom(1), embeddingDropout: 0.1f, inputDropout: 0.2f, outputDropout: 0.2f);
        int[] tokens = [1, 2, 3, 4, 5, 6];
        var (logits, outputs, hidden) = model.Forward(tokens, 3, 2, null);
        Assert.Equal(new TensorShape(6, 7), logits.Shape);
        Assert.Equal(new TensorShape(3, 2, 4), outputs.Shape);
        Assert.Equal(new TensorShape(2, 4), hidden.Shape);
        Ops.CrossEntropy(logits, [2, 3, 4, 5, 6, 0]).Backward();
        var encoder = model.NamedParameters().First(p => p.Name == "encoder.weight").Tensor;
        Assert.Contains(encoder.Grad!.ToArray(), v => v != 0);
        Assert.DoesNotContain(model.NamedParameters(), p => p.Name == "decoder.weight");
    }

    [Fact]
    public void LanguageModel_UntiedSizes_ThrowNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CellLanguageModel(7, new DartsRnnCell(DartsRnnGenotype.DartsV1, 3, 4, new Random(0)), new KeyedRandom(1)));
        Assert.Contains("input size 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemporalActivationRegularization_TwoSteps_IsBetaTimesMeanSquaredDifference()
    {
        var outputs = Tensor.FromArray([0f, 1f, 2f, 4f], 2, 1, 2);
        // Differences (2, 3): mean of squares 6.5.
        Assert.Equal(6.5e-3f, CellLanguageModel.TemporalActivationRegularization(outputs, 1e-3f).Item(), 6);
    }

    [Fact]
    public void Forecaster_TibCell_MapsWindowsToOneRowPerSample()
    {
        var model = new CellForecaster(new TibCell(TibGenotype.Parse("tib:mul_sigmoid|add_tanh"), 3, 5, new Random(0)), new Random(1));
        var forecast = model.Forward(Tensor.RandomNormal(new Random(2), 0, 1, 4, 6, 3));
        Assert.Equal(new TensorShape(4, 3), forecast.Shape);
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(4, 6, 2)));
    }
}
