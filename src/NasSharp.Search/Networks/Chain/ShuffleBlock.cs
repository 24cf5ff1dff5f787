using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Chain;

/// <summary>
/// A ShuffleNetV2 unit (Ma et al., ECCV 2018, figure 3 c/d) with SPOS's four choices of main branch. Stride 1: the
/// input's channels are split in halves, the second goes through the main branch, the halves are concatenated and
/// channel-shuffled (2 groups). Stride 2: a projection branch (depthwise k x k stride 2 + BN, 1x1 + BN + ReLU) keeps
/// the input width and the main branch adds out - in channels. Main branch, ShuffleNet choices: 1x1 + BN + ReLU,
/// depthwise k x k + BN, 1x1 + BN + ReLU; Xception choice: three (depthwise 3x3 + BN, 1x1 + BN + ReLU). Hidden width
/// out / 2, as SPOS.
/// </summary>
public sealed class ShuffleBlock : Module
{
    private readonly Sequential main;
    private readonly Sequential? projection;

    public ShuffleBlock(ChainChoice choice, int inChannels, int outChannels, int stride, Random random)
    {
        if (stride is not (1 or 2) || (stride == 1 && (inChannels != outChannels || inChannels % 2 != 0)) || (stride == 2 && outChannels <= inChannels))
        {
            throw new ArgumentException($"ShuffleBlock: stride {stride} with {inChannels} -> {outChannels} channels (stride 1 keeps an even width, stride 2 widens).");
        }

        Choice = choice;
        Stride = stride;
        var branchIn = stride == 1 ? inChannels / 2 : inChannels;
        var branchOut = stride == 1 ? outChannels / 2 : outChannels - inChannels;
        var mid = outChannels / 2;
        main = RegisterModule("branch_main", choice == ChainChoice.Xception
            ? Xception(branchIn, mid, branchOut, stride, random)
            : Shuffle(branchIn, mid, branchOut, Kernel(choice), stride, random));
        if (stride == 2)
        {
            var k = Kernel(choice);
            projection = RegisterModule("branch_proj", new Sequential(
                new Conv2d(inChannels, inChannels, k, random, 2, k / 2, groups: inChannels, bias: false), new BatchNorm2d(inChannels),
                new Conv2d(inChannels, inChannels, 1, random, bias: false), new BatchNorm2d(inChannels), new Relu()));
        }
    }

    public ChainChoice Choice { get; }

    public int Stride { get; }

    /// <summary>The depthwise kernel of a choice (Xception: three 3x3).</summary>
    public static int Kernel(ChainChoice choice) => choice switch
    {
        ChainChoice.Shuffle5x5 => 5,
        ChainChoice.Shuffle7x7 => 7,
        _ => 3,
    };

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (projection != null)
        {
            return Ops.ChannelShuffle(Ops.Concat([projection.Forward(input), main.Forward(input)], 1), 2);
        }

        var halves = Ops.Split(input, 1, 2);
        return Ops.ChannelShuffle(Ops.Concat([halves[0], main.Forward(halves[1])], 1), 2);
    }

    private static Sequential Shuffle(int input, int mid, int output, int kernel, int stride, Random random) => new(
        new Conv2d(input, mid, 1, random, bias: false), new BatchNorm2d(mid), new Relu(),
        new Conv2d(mid, mid, kernel, random, stride, kernel / 2, groups: mid, bias: false), new BatchNorm2d(mid),
        new Conv2d(mid, output, 1, random, bias: false), new BatchNorm2d(output), new Relu());

    private static Sequential Xception(int input, int mid, int output, int stride, Random random) => new(
        new Conv2d(input, input, 3, random, stride, 1, groups: input, bias: false), new BatchNorm2d(input),
        new Conv2d(input, mid, 1, random, bias: false), new BatchNorm2d(mid), new Relu(),
        new Conv2d(mid, mid, 3, random, 1, 1, groups: mid, bias: false), new BatchNorm2d(mid),
        new Conv2d(mid, mid, 1, random, bias: false), new BatchNorm2d(mid), new Relu(),
        new Conv2d(mid, mid, 3, random, 1, 1, groups: mid, bias: false), new BatchNorm2d(mid),
        new Conv2d(mid, output, 1, random, bias: false), new BatchNorm2d(output), new Relu());
}
