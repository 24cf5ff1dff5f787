using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Supernets.Choices;

public class GumbelChoicePolicyTests
{
    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    public void Backward_HardSample_OnlyTheChosenEntryCarriesGradient_AsStraightThroughByHand(ChoiceSpace space)
    {
        const float tau = 0.8f;
        var shapes = ChoiceFixture.Shapes(space);
        var tables = new ChoiceTables(shapes, new Random(1), 0.7f);
        var policy = new GumbelChoicePolicy(tables, new Random(4), hard: true, tau);
        var net = ChoiceFixture.Supernet(space, policy);
        ChoiceFixture.Loss(net, space, 3).Backward();
        var chosen = policy.Chosen.Select(r => r.ToArray()).ToArray();
        var grad = tables.Tables[0].Grad!.ToArray();

        // The hard sample h is exactly one-hot: the chosen entry is exactly 1.
        var h = policy.Samples![0].ToArray();
        var (rows, choices) = shapes[0];
        Assert.All(Enumerable.Range(0, rows * choices), i => Assert.Equal(i % choices == chosen[0][i / choices] ? 1f : 0f, h[i]));

        // The soft sample, recomputed with the noise of Ops.GumbelSoftmax (one uniform per entry, row-major).
        var noise = new Random(4);
        var soft = Enumerable.Range(0, rows).Select(r => ChoiceFixture.Softmax(Enumerable.Range(0, choices).Select(k =>
        {
            double u;
            do
            {
                u = noise.NextDouble();
            }
            while (u <= 0.0);

            return (float)((tables.Tables[0].Data[(r * choices) + k] - Math.Log(-Math.Log(u))) / tau);
        }).ToArray())).ToArray();
        Assert.Equal(chosen[0], soft.Select(p => Array.IndexOf(p, p.Max())));

        // The credit c = dL/dh_s of each row, from the same path run with a scale leaf in place of h.
        var scaled = new ScaledPathPolicy(chosen, shapes);
        net.Policy = scaled;
        ChoiceFixture.Loss(net, space, 3).Backward();

        // Straight-through (GDAS eq. 6): dL/dalpha_k = c / tau * soft_s * (onehot_s(k) - soft_k); dL/dh is zero off s.
        for (var r = 0; r < rows; r++)
        {
            var (s, c) = (chosen[0][r], scaled.Credit(0, r));
            for (var k = 0; k < choices; k++)
            {
                var expected = c / tau * soft[r][s] * ((k == s ? 1 : 0) - soft[r][k]);
                Assert.True(Math.Abs(expected - grad[(r * choices) + k]) <= 1e-6 + (1e-3 * Math.Abs(expected)), $"row {r} choice {k}: {grad[(r * choices) + k]} vs {expected}");
            }
        }

        Assert.Contains(Enumerable.Range(0, rows), r => scaled.Credit(0, r) != 0);
    }

    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    public void Forward_HardSample_GivesExactlyTheFixedPathOutput(ChoiceSpace space)
    {
        var tables = new ChoiceTables(ChoiceFixture.Shapes(space), new Random(5), 0.5f);
        var policy = new GumbelChoicePolicy(tables, new Random(6), hard: true, temperature: 1f);
        var net = ChoiceFixture.Supernet(space, policy);
        net.Eval();
        var images = ChoiceFixture.Images(space, 2);
        var sampled = net.Forward(images).ToArray();
        net.Policy = new FixedChoicePolicy(policy.Chosen.Select(r => r.ToArray()).ToArray());
        Assert.Equal(sampled, net.Forward(images).ToArray());
    }

    [Theory]
    [InlineData(ChoiceSpace.Nb201)]
    [InlineData(ChoiceSpace.Chain)]
    public void Backward_RelaxedSample_AlphaGradientMatchesFiniteDifferencesAtFixedNoise(ChoiceSpace space)
    {
        // SNAS: the relaxed sample is a smooth function of alpha once the Gumbel noise is fixed (the same seed per call).
        var tables = new ChoiceTables(ChoiceFixture.Shapes(space), new Random(8), 0.5f);
        var net = ChoiceFixture.Supernet(space, new SoftmaxChoicePolicy(tables), smooth: true);
        net.Eval();
        var images = ChoiceFixture.Images(space, 9);
        var result = GradCheck.Run(_ =>
        {
            net.Policy = new GumbelChoicePolicy(tables, new Random(10), hard: false, temperature: 0.7f);
            return net.Forward(images);
        }, [.. tables.Tables], epsilon: 1e-3);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Forward_RelaxedSample_IsTheSoftmaxMixWithTheSampleAsWeights()
    {
        var tables = new ChoiceTables(ChoiceFixture.Shapes(ChoiceSpace.Nb201), new Random(8), 0.5f);
        var policy = new GumbelChoicePolicy(tables, new Random(9), hard: false, temperature: 0.7f);
        var net = ChoiceFixture.Supernet(ChoiceSpace.Nb201, policy);
        var images = ChoiceFixture.Images(ChoiceSpace.Nb201, 3);
        var relaxed = net.Forward(images).ToArray();
        var sample = policy.Samples![0].ToArray();
        Assert.All(Enumerable.Range(0, 6), e => Assert.Equal(1f, sample.Skip(e * 5).Take(5).Sum(), 5));

        // The same weights through the DARTS policy with logits log(sample) give the same output: the sample is the mix.
        var logits = new ChoiceTables(ChoiceFixture.Shapes(ChoiceSpace.Nb201), new Random(0));
        sample.Select(v => MathF.Log(v)).ToArray().CopyTo(logits.Tables[0].Data);
        net.Policy = new SoftmaxChoicePolicy(logits);
        var mixed = net.Forward(images).ToArray();
        Assert.All(Enumerable.Range(0, mixed.Length), i => Assert.Equal(mixed[i], relaxed[i], 4));
    }

    [Fact]
    public void Backward_RelaxedSample_EveryCandidateAndEveryLogitGetsAGradient()
    {
        var tables = new ChoiceTables(ChoiceFixture.Shapes(ChoiceSpace.Nb201), new Random(10), 0.5f);
        var net = ChoiceFixture.Supernet(ChoiceSpace.Nb201, new GumbelChoicePolicy(tables, new Random(11), hard: false, temperature: 1f));
        ChoiceFixture.Loss(net, ChoiceSpace.Nb201, 4).Backward();
        Assert.Equal(12, PolicyAssert.TouchedNb201Candidates(net).Count);
        Assert.All(tables.Tables[0].Grad!.ToArray(), v => Assert.NotEqual(0f, v));
    }

    [Fact]
    public void Temperature_NonPositive_Throws()
    {
        var tables = new ChoiceTables([(2, 3)], new Random(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GumbelChoicePolicy(tables, new Random(1), hard: true, temperature: 0f));
        var policy = new GumbelChoicePolicy(tables, new Random(1), hard: true, temperature: 1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Temperature = float.PositiveInfinity);
    }
}
