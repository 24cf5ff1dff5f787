using NasSharp.NN.Losses;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Losses;

public class CrossEntropyLossTests
{
    [Fact]
    public void Forward_UniformLogits_IsLogOfClassCount()
    {
        var loss = new CrossEntropyLoss().Forward(Tensor.Zeros(2, 4), [1, 3]);
        Assert.Equal(MathF.Log(4f), loss.Item(), 5);
    }

    [Fact]
    public void Forward_LabelSmoothing_MatchesHandComputedValue()
    {
        // Logits [0, ln 3]: log-probabilities [ln 0.25, ln 0.75]; target 1 with s = 0.2 -> q = [0.1, 0.9].
        var logits = Tensor.FromArray([0f, MathF.Log(3f)], 1, 2);
        var expected = -((0.1f * MathF.Log(0.25f)) + (0.9f * MathF.Log(0.75f)));
        Assert.Equal(expected, new CrossEntropyLoss(0.2f).Forward(logits, [1]).Item(), 5);
    }

    [Fact]
    public void Constructor_SmoothingAboveOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(1.5f));
}
