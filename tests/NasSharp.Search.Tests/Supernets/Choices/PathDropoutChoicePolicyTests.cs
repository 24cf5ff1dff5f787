using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class PathDropoutChoicePolicyTests
{
    [Fact]
    public void Forward_DropRateNearOne_KeepsAtLeastOneOpenChoiceEveryCall()
    {
        var mask = ChoiceMask.AllOpen([(3, 5)]).Restrict(new ChoiceSplit(0, 2, 4));
        var policy = new PathDropoutChoicePolicy(new Random(1), 0.99);
        policy.BeginForward(mask);
        var input = Tensor.Ones(1, 2);
        for (var i = 0; i < 300; i++)
        {
            var layer = new RecordingLayer(0, i % 2, 5);
            var output = policy.Forward(layer, input)!.ToArray();

            // The output is the sum of the kept choices: (k + 1) per kept choice k.
            Assert.NotEmpty(layer.Runs);
            Assert.Equal(layer.Runs.Sum(k => k + 1f), output[0]);
        }

        var restricted = new RecordingLayer(0, 2, 5);
        policy.Forward(restricted, input);
        Assert.Equal([4], restricted.Runs);
    }

    [Fact]
    public void Forward_HalfRate_KeepsEachChoiceAboutHalfTheTime()
    {
        var policy = new PathDropoutChoicePolicy(new Random(2), 0.5);
        policy.BeginForward(ChoiceMask.AllOpen([(1, 4)]));
        var counts = new int[4];
        for (var i = 0; i < 2000; i++)
        {
            var layer = new RecordingLayer(0, 0, 4);
            policy.Forward(layer, Tensor.Ones(1, 1));
            layer.Runs.ForEach(k => counts[k]++);
        }

        // P(kept) = 0.5 + 0.5^4 / 4 (the forced keep when all four are dropped).
        Assert.All(counts, c => Assert.InRange(c / 2000.0, 0.5156 - 0.04, 0.5156 + 0.04));
    }

    [Fact]
    public void Backward_ZeroRate_EveryCandidateReceivesAGradient()
    {
        var net = ChoiceFixture.Supernet(ChoiceSpace.Nb201, new PathDropoutChoicePolicy(new Random(1), 0.0));
        ChoiceFixture.Loss(net, ChoiceSpace.Nb201, 6).Backward();
        Assert.Equal(12, PolicyAssert.TouchedNb201Candidates(net).Count);
    }

    [Fact]
    public void Constructor_RateOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PathDropoutChoicePolicy(new Random(1), 1.0));
}
