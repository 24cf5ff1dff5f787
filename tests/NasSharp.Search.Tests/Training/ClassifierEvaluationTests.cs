using NasSharp.Data;
using NasSharp.NN.Layers;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

public class ClassifierEvaluationTests
{
    // Class 0 images are black, class 1 white; the model maps mean brightness b in {0, 1} to logits
    // (0.5 - b, b - 0.5), so it predicts the brightness class.
    private static (Sequential Model, DataLoader Loader) BrightnessTask(int[] labels, int batchSize)
    {
        var pixels = new byte[labels.Length * 16];
        var brightness = new[] { 0, 255, 255, 0, 255 };
        for (var i = 0; i < labels.Length; i++)
        {
            pixels.AsSpan(i * 16, 16).Fill((byte)brightness[i]);
        }

        var dataset = new ImageDataset("brightness", pixels, labels, 1, 4, 4, 2);
        var linear = new Linear(1, 2, new Random(0));
        linear.Weight.Data[0] = -1f;
        linear.Weight.Data[1] = 1f;
        linear.Bias!.Data[0] = 0.5f;
        linear.Bias.Data[1] = -0.5f;
        var model = new Sequential(new GlobalAvgPool2d(), linear);
        return (model, new DataLoader(dataset, new DataLoaderOptions { BatchSize = batchSize, Shuffle = false }));
    }

    [Fact]
    public void Score_OneWrongLabelInFive_GivesFourFifthsAndTheHandComputedLoss()
    {
        // Brightness 0, 1, 1, 0, 1; the fourth label disagrees with its brightness.
        var (model, loader) = BrightnessTask([0, 1, 1, 1, 1], batchSize: 2);
        var score = ClassifierEvaluation.Score(model, loader);
        Assert.Equal(0.8, score.Accuracy, 12);
        Assert.Equal(5, score.Count);

        // Right: -log softmax(0.5, -0.5)[0] = log(1 + e^-1); wrong: log(1 + e^1).
        var expected = ((4 * Math.Log(1 + Math.Exp(-1))) + Math.Log(1 + Math.E)) / 5;
        Assert.Equal(expected, score.Loss, 5);
        Assert.Equal(0.8, ClassifierEvaluation.Evaluate(model, loader), 12);
    }

    [Fact]
    public void Evaluate_TrainingModel_RestoresTrainingModeAndRecordsNoGradient()
    {
        var (model, loader) = BrightnessTask([0, 1, 1, 0, 1], batchSize: 5);
        Assert.Equal(1.0, ClassifierEvaluation.Evaluate(model, loader));
        Assert.True(model.IsTraining);
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
        model.Eval();
        ClassifierEvaluation.Evaluate(model, loader);
        Assert.False(model.IsTraining);
    }

    [Fact]
    public void CountCorrect_Ties_GoToTheFirstClass()
    {
        var logits = Tensor.FromArray([1, 1, 0, 0, 2, 2, 5, -1, 3], 3, 3);
        Assert.Equal(3, ClassifierEvaluation.CountCorrect(logits, [0, 1, 0]));
        Assert.Equal(1, ClassifierEvaluation.CountCorrect(logits, [1, 2, 0]));
    }

    [Fact]
    public void CountCorrect_LabelCountMismatch_ThrowsNamingTheShape()
    {
        var logits = Tensor.Zeros(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => ClassifierEvaluation.CountCorrect(logits, [0, 1, 2]));
        Assert.Contains("[2, 3]", ex.Message);
    }
}
