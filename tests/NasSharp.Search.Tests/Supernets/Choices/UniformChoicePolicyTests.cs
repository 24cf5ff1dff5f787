using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class UniformChoicePolicyTests
{
    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    public void Backward_OnlyTheSampledPathReceivesGradients(ChoiceSpace space)
    {
        var policy = new UniformChoicePolicy(new Random(1));
        var net = ChoiceFixture.Supernet(space, policy);
        ChoiceFixture.Loss(net, space, 2).Backward();
        var path = policy.CurrentPath[0];
        var touched = space == ChoiceSpace.Nb201 ? PolicyAssert.TouchedNb201Candidates(net) : PolicyAssert.TouchedChainBlocks(net);
        var names = space == ChoiceSpace.Nb201 ? new[] { "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3" } : new[] { "0", "1", "2", "3" };
        Assert.NotEmpty(touched);
        Assert.All(touched, t => Assert.Equal(names[path[int.Parse(t.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture)]], t.Split(':')[1]));
    }

    [Fact]
    public void BeginForward_DrawsUniformlyAmongTheOpenChoicesOnly()
    {
        var mask = ChoiceMask.AllOpen([(2, 4)]).Restrict(new ChoiceSplit(0, 1, 2));
        var policy = new UniformChoicePolicy(new Random(3));
        var counts = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            policy.BeginForward(mask);
            counts[policy.CurrentPath[0][0]]++;
            Assert.Equal(2, policy.CurrentPath[0][1]);
        }

        Assert.All(counts, c => Assert.InRange(c / 4000.0, 0.25 - 0.03, 0.25 + 0.03));
    }
}
