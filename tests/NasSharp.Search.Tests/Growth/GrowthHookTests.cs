using NasSharp.NN.Optimization;
using NasSharp.NN.Training;
using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Growth;

public class GrowthHookTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void EndEpoch_NonFiniteAlphaLoss_StopsAsADivergedRunNamingTheEpoch(double loss)
    {
        // The weight steps' own checks see finite losses, but the evaluation-mode alpha loss is not finite (a grown
        // darts-rnn supernet at lr 10 on PTB got there): the hook must not record it or grow on it.
        var random = new KeyedRandom(1);
        var cell = new TibSearchCell(2, 4, nodes: 1, capacity: 3, random);
        var tables = new ChoiceTables(cell.Shapes, new Random(2));
        var supernet = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(3)), new SoftmaxChoicePolicy(tables));
        var trainer = DifferentiableMethods.Create(supernet, new DifferentiableSearchOptions { Epochs = 4, WeightLearningRate = 10f }, 1, null, null);
        var controller = new GrowthController(GrowthMode.Gtp, cell, trainer.Tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 4));
        var hook = new GrowthHook(controller, supernet, random, 1, () => loss, 5);
        trainer.BeginEpoch(0);
        var record = new DifferentiableEpoch(0, false, 1.0, 0, null, null, null, 10f, [], [], "tib", 0, 0);

        var error = Assert.Throws<TrainingDivergedException>(() => hook.EndEpoch(trainer, record));

        Assert.StartsWith($"training diverged: the alpha-stream loss after epoch 1 is {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)} (weight learning rate 10", error.Message);
        Assert.Empty(hook.AlphaLosses);
        Assert.Empty(hook.Events);
        Assert.Single(cell.NodeGroups);
    }

    [Fact]
    public void EndEpoch_NonFiniteAlphaLossWithoutGrowth_IsRecordedAndSavesAndRestores()
    {
        // Without growth the alpha-stream loss is only a record; a NaN one must not stop the search or its checkpoint.
        var random = new KeyedRandom(1);
        var cell = new TibSearchCell(2, 4, nodes: 1, capacity: 3, random);
        var tables = new ChoiceTables(cell.Shapes, new Random(2));
        var supernet = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(3)), new SoftmaxChoicePolicy(tables));
        var trainer = DifferentiableMethods.Create(supernet, new DifferentiableSearchOptions { Epochs = 4 }, 1, null, null);
        var hook = new GrowthHook(new GrowthController(GrowthMode.None, cell, trainer.Tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 4)), supernet, random, 1, () => double.NaN, 5);
        trainer.BeginEpoch(0);
        hook.EndEpoch(trainer, new DifferentiableEpoch(0, false, 1.0, 0, null, null, null, 0.025f, [], [], "tib", 0, 0));

        var restored = new GrowthHook(new GrowthController(GrowthMode.None, cell, trainer.Tables, new ScheduleTrigger(1), new GrowthStoppingRule(3, 4)), supernet, random, 1, () => 0, 5);
        restored.RestoreState(trainer, hook.SaveState());

        Assert.True(double.IsNaN(Assert.Single(hook.AlphaLosses).Loss));
        Assert.True(double.IsNaN(Assert.Single(restored.AlphaLosses).Loss));
    }
}
