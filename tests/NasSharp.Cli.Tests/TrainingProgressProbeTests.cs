using NasSharp.NN.Layers;
using NasSharp.Tensors;

namespace NasSharp.Cli.Tests;

public sealed class TrainingProgressProbeTests
{
    [Fact]
    public void Forward_TrainingBatches_WritesEpochBatchAndEta()
    {
        using var output = new StringWriter();
        var probe = new TrainingProgressProbe(new Linear(3, 2, new Random(0)), epochs: 2, imagesPerEpoch: 8, output, TimeSpan.Zero);
        var batch = Tensor.RandomNormal(new Random(1), 0f, 1f, 4, 3);
        for (var i = 0; i < 3; i++)
        {
            probe.Forward(batch);
        }

        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("epoch 1/2  batch 1/2", lines[0]);
        Assert.Contains("epoch 1/2  batch 2/2", lines[1]);
        Assert.Contains("epoch 2/2  batch 1/2", lines[2]);
        Assert.All(lines, l => Assert.Contains("ETA ", l));
    }

    [Fact]
    public void Forward_EvaluationMode_CountsNothing()
    {
        using var output = new StringWriter();
        var probe = new TrainingProgressProbe(new Linear(3, 2, new Random(0)), 1, 8, output, TimeSpan.Zero);
        probe.Eval();
        probe.Forward(Tensor.RandomNormal(new Random(1), 0f, 1f, 4, 3));
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void Parameters_AreTheWrappedNetworks()
    {
        var network = new Linear(3, 2, new Random(0));
        var probe = new TrainingProgressProbe(network, 1, 8, TextWriter.Null, TimeSpan.Zero);
        Assert.Equal(network.Parameters(), probe.Parameters());
    }
}
