using NasSharp.NN.Optimization;

namespace NasSharp.NN.Tests.Optimization;

public class NonMonotonicTriggerTests
{
    private static int? FiringEpoch(NonMonotonicTrigger trigger, params double[] losses)
    {
        int? fired = null;
        for (var i = 0; i < losses.Length; i++)
        {
            if (trigger.Observe(losses[i]))
            {
                Assert.Null(fired);
                fired = i + 1;
            }
        }

        return fired;
    }

    [Fact]
    public void Observe_CraftedSequence_FiresAtTheFirstLossWorseThanTheBestBeforeTheLastInterval()
    {
        // nonmono 2. Epoch 5 (3.9) is worse than the best so far (3, epoch 3) but epoch 3 is among its last 2
        // predecessors, so it is left out: min(5, 4) = 4 > 3.9. Epoch 6 (4.2): min(5, 4, 3) = 3 < 4.2, switch.
        var trigger = new NonMonotonicTrigger(2);
        Assert.Equal(6, FiringEpoch(trigger, 5, 4, 3, 3.5, 3.9, 4.2, 5, 6));
        Assert.True(trigger.Fired);
        Assert.Equal([5, 4, 3, 3.5, 3.9, 4.2], trigger.History);
    }

    [Fact]
    public void Observe_FewerValidationsThanTheIntervalPlusOne_NeverFires()
    {
        // len(best_val_loss) > nonmono is needed: with nonmono 5 the 7th validation is the first that can switch.
        Assert.Null(FiringEpoch(new NonMonotonicTrigger(5), 1, 2, 3, 4, 5, 6));
        Assert.Equal(7, FiringEpoch(new NonMonotonicTrigger(5), 1, 2, 3, 4, 5, 6, 7));
    }

    [Fact]
    public void Observe_ImprovingOrEqualLosses_NeverFire()
    {
        Assert.Null(FiringEpoch(new NonMonotonicTrigger(1), 6, 5, 4, 3, 2, 1));
        Assert.Null(FiringEpoch(new NonMonotonicTrigger(1), 2, 2, 2, 2, 2));
    }

    [Fact]
    public void Constructor_NonPositiveInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NonMonotonicTrigger(0));
}
