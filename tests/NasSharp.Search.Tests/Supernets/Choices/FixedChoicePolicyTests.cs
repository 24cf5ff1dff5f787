using NasSharp.Search.Supernets.Choices;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class FixedChoicePolicyTests
{
    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    [InlineData(ChoiceSpace.Darts)]
    public void Forward_PathOutsideTheMask_ThrowsNamingThePath(ChoiceSpace space)
    {
        var path = ChoiceFixture.ZeroPath(space);
        var net = ChoiceFixture.Supernet(space, new FixedChoicePolicy(path));
        net.RestrictTo([new ChoiceSplit(0, 1, 3)]);
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(ChoiceFixture.Images(space, 1)));
        Assert.Contains("outside this supernet's open choices", ex.Message);
        Assert.Contains($"[{string.Join(" / ", path.Select(p => string.Join(",", p)))}]", ex.Message);

        path[0][1] = 3;
        Assert.Equal(2, net.Forward(ChoiceFixture.Images(space, 1)).Shape[0]);
    }

    [Fact]
    public void Forward_SamePathTwice_GivesTheSameOutput()
    {
        var net = ChoiceFixture.Supernet(ChoiceSpace.Nb201, new FixedChoicePolicy([[3, 0, 2, 1, 4, 3]]));
        Assert.Equal(net.Forward(ChoiceFixture.Images(ChoiceSpace.Nb201, 3)).ToArray(), net.Forward(ChoiceFixture.Images(ChoiceSpace.Nb201, 3)).ToArray());
    }
}
