using NasSharp.NN.Optimization;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests.Optimization;

/// <summary>Behaviour shared by every optimizer (the <see cref="Optimizer"/> base).</summary>
public class OptimizerTests
{
    public static TheoryData<string> Kinds => ["sgd", "nesterov", "adam", "adamw"];

    private static Optimizer Create(string kind, Tensor[] parameters) => kind switch
    {
        "sgd" => new Sgd(parameters, 0.1f, weightDecay: 0.01f),
        "nesterov" => new Sgd(parameters, 0.1f, momentum: 0.9f, weightDecay: 0.01f, nesterov: true),
        "adam" => new Adam(parameters, 0.1f, weightDecay: 0.01f),
        _ => new AdamW(parameters, 0.1f),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_AfterFirstStep_AllocatesNothing(string kind)
    {
        Tensor[] parameters = [TestTensors.Param(new float[300]), TestTensors.Param(new float[17])];
        TestTensors.SetGradient(parameters[0], Enumerable.Range(0, 300).Select(i => i / 300f).ToArray());
        TestTensors.SetGradient(parameters[1], Enumerable.Repeat(0.5f, 17).ToArray());
        var optimizer = Create(kind, parameters);
        optimizer.Step();
        optimizer.Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            optimizer.Step();
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Constructor_DuplicateParameter_Throws()
    {
        var p = TestTensors.Param([1f]);
        Assert.Throws<ArgumentException>(() => new Sgd([p, p], 0.1f));
    }

    [Fact]
    public void LearningRate_Settable_ChangesNextStep()
    {
        var p = TestTensors.Param([1f]);
        var sgd = new Sgd([p], 0.1f) { LearningRate = 0.5f };
        TestTensors.SetGradient(p, [1f]);
        sgd.Step();
        Assert.Equal(0.5f, p.Data[0], 6);
    }
}
