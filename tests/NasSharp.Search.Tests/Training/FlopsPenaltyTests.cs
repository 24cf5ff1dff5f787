using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Policies;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

public class FlopsPenaltyTests
{
    private static readonly Nb201SupernetOptions Options = new(Channels: 8, CellsPerStage: 2, Classes: 10, InputChannels: 1);

    [Fact]
    public void Term_UniformDistribution_IsTheMeanOpCostOverTheConvolutionCost()
    {
        var penalty = new FlopsPenalty(Options, 28, weight: 2f);
        var uniform = Tensor.Full(0.2f, 6, 5);
        // Per stage s (C = 8 * 2^s, HW = 784 / 4^s): conv3x3 18 C^2 HW and conv1x1 2 C^2 HW (the same every stage), pool 9 C HW.
        var conv3 = 18.0 * 64 * 784;
        var conv1 = 2.0 * 64 * 784;
        var pool = (9.0 * 8 * 784) + (9.0 * 16 * 196) + (9.0 * 32 * 49);
        var expected = 2 * ((3 * conv3) + (3 * conv1) + pool) / 5 / (3 * conv3);
        Assert.Equal(expected, penalty.Term(uniform).Item(), 5);
        Assert.Equal(6 * 2 * 3 * conv3, penalty.ReferenceFlops, 3);
    }

    [Fact]
    public void Term_Gradient_PushesAlphaFromConvolutionsTowardFreeOps()
    {
        var alpha = Tensor.Zeros(6, 5).WithGrad();
        var space = new Nb201Supernet(new Nb201SupernetOptions(Channels: 4, CellsPerStage: 1, Classes: 3), new FixedPathPolicy(default), new Random(0)).EdgeSpace;
        new FlopsPenalty(Options, 28, 1f).Term(alpha, space).Backward();
        var grad = alpha.Grad!.ToArray();
        for (var e = 0; e < 6; e++)
        {
            // d E / d alpha_k = p_k (cost_k - E): positive only for the 3x3 convolution (the one op above the mean cost), and
            // ordered as the costs: none = skip < pool < conv1x1 < conv3x3. Descent moves alpha toward the cheap ops.
            var row = grad.Skip(e * 5).Take(5).ToArray();
            Assert.True(row[3] > 0 && row[2] < 0 && row[4] < row[2] && row[0] < row[4] && row[0] == row[1], $"edge {e}: {string.Join(", ", row)}");
        }
    }

    [Fact]
    public void Constructor_NegativeWeight_Throws() =>
        Assert.Throws<ArgumentException>(() => new FlopsPenalty(Options, 28, -1f));
}
