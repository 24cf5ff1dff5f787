using NasSharp.Search.Growth;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Tasks;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.Growth;

public class GateGradientsTests
{
    [Fact]
    public void Measure_NodeAndEdgeGates_MatchCentralDifferencesOfTheAlphaLossAndLeaveNoGradient()
    {
        var windows = SyntheticSequences.Series(5, rows: 200, columns: 3).Windows(8, 1);
        var data = new SeriesWindowData(windows, windows.TrainTargets[..40], 16, 1);
        var task = new ForecastSearchTask(8);
        var cell = new TibSearchCell(3, 4, nodes: 2, capacity: 2, new Random(0), edgeCapacity: 1);
        var tables = new ChoiceTables(cell.Shapes, new Random(1), 0.5f);
        var net = new RecurrentSupernet(cell, c => new CellForecaster(c, new Random(2)), new SoftmaxChoicePolicy(tables));
        cell.AddEdge(0, 2).Gamma.Data[0] = 0.3f;

        var gradients = GateGradients.Measure(net, tables, task, data);

        Assert.Equal(cell.Shapes.Count, gradients.Length);
        Assert.All(net.Parameters().Concat(tables.Tables), p => Assert.Null(p.Grad));
        foreach (var group in new[] { 0, 1, 2 })
        {
            var gate = cell.GateTensor(group)!;
            var value = gate.Data[0];
            const float Step = 1e-2f;
            gate.Data[0] = value + Step;
            var plus = SearchEvaluation.Loss(net, tables, task, data);
            gate.Data[0] = value - Step;
            var minus = SearchEvaluation.Loss(net, tables, task, data);
            gate.Data[0] = value;
            var difference = (plus - minus) / (2 * Step);
            Assert.True(Math.Abs(difference - gradients[group]) <= 1e-3 + (1e-2 * Math.Abs(difference)), $"group {group}: dL/dgate {gradients[group]}, central difference {difference}");
            Assert.NotEqual(0.0, gradients[group]);
        }
    }
}
