using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class DsnasChoicePolicyTests
{
    [Fact]
    public void BackwardArchitecture_GradientIsCreditTimesOneHotMinusSoftmax()
    {
        var options = new ChainSpaceOptions { StemChannels = 8, StageChannels = [16], StageLayers = [2], LastChannels = 16, Classes = 3, InputChannels = 1 };
        var tables = new ChoiceTables([(2, 4)], new Random(1), 0.7f);
        var policy = new DsnasChoicePolicy(tables, new Random(2));
        var supernet = new ChainSupernet(options, policy, new Random(0));
        Ops.CrossEntropy(supernet.Forward(Tensor.RandomNormal(new Random(3), 0, 1, 4, 1, 8, 8)), [0, 1, 2, 0]).Backward();
        var p = tables.Probabilities()[0];
        var credits = policy.Chosen[0].Select((s, r) => (Row: r, Choice: s)).ToList();
        policy.BackwardArchitecture();
        var grad = tables.Tables[0].Grad!.ToArray();

        // Recover each row's credit from the gradient of its chosen entry: credit * (1 - p_s).
        foreach (var (row, choice) in credits)
        {
            var credit = grad[(row * 4) + choice] / (1 - p[(row * 4) + choice]);
            Assert.NotEqual(0f, credit);
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(credit * ((k == choice ? 1 : 0) - p[(row * 4) + k]), grad[(row * 4) + k], 5);
            }
        }
    }

    [Fact]
    public void GumbelHard_RunsOneChoicePerLayer_AndEqualsTheFixedPath()
    {
        var options = new ChainSpaceOptions { StemChannels = 8, StageChannels = [16], StageLayers = [2], LastChannels = 16, Classes = 3, InputChannels = 1 };
        var tables = new ChoiceTables([(2, 4)], new Random(1), 0.7f);
        var policy = new GumbelChoicePolicy(tables, new Random(5), hard: true, temperature: 1f);
        var supernet = new ChainSupernet(options, policy, new Random(0));
        supernet.Eval();
        var images = Tensor.RandomNormal(new Random(3), 0, 1, 2, 1, 8, 8);
        var sampled = supernet.Forward(images).ToArray();
        var path = policy.Chosen.Select(r => r.ToArray()).ToArray();
        supernet.Policy = new FixedChoicePolicy(path);
        Assert.Equal(sampled, supernet.Forward(images).ToArray());
    }
}
