using NasSharp.NN.Operations.Nb201;
using NasSharp.Search.Spaces;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The SVG of a differentiable search: one panel per cell edge with softmax(alpha) of each operation over the
/// epochs (epoch 0 = the initial distribution), then the loss and accuracy curves (train = weight batches,
/// valid = architecture batches of bilevel methods).
/// </summary>
internal static class DifferentiablePlot
{
    public static IReadOnlyList<SvgPanel> Panels(ArchitectureDistribution initial, IReadOnlyList<DifferentiableEpoch> history)
    {
        var search = history.Where(h => !h.Child).ToList();
        var x = search.Select(h => h.Epoch + 1.0).Prepend(0.0).ToArray();
        var distributions = search.Select(h => h.Distribution).Prepend(initial).ToList();
        var panels = new List<SvgPanel>();
        for (var e = 0; e < Nb201Genotype.EdgeCount; e++)
        {
            var (from, to) = Nb201Genotype.EdgeNodes(e);
            var series = Nb201Operations.All.Select(op => new SvgSeries(Nb201Operations.Name(op), x, distributions.Select(d => (double)d.Probability(e, op)).ToArray())).ToList();
            panels.Add(new SvgPanel($"edge {e}: node {to} <- {from}", series, 0, 1));
        }

        var epochs = history.Select(h => h.Epoch + 1.0).ToArray();
        panels.Add(new SvgPanel("loss", [
            new SvgSeries("train", epochs, history.Select(h => h.TrainLoss).ToArray()),
            new SvgSeries("valid", epochs, history.Select(h => h.ValidationLoss ?? double.NaN).ToArray())]));
        panels.Add(new SvgPanel("accuracy", [
            new SvgSeries("train", epochs, history.Select(h => h.TrainAccuracy).ToArray()),
            new SvgSeries("valid", epochs, history.Select(h => h.ValidationAccuracy ?? double.NaN).ToArray())], 0, 1));
        return panels;
    }
}
