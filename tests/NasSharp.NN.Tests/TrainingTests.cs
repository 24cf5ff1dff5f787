using NasSharp.NN.Layers;
using NasSharp.NN.Losses;
using NasSharp.NN.Optimization;
using NasSharp.NN.Serialization;
using NasSharp.Tensors;

namespace NasSharp.NN.Tests;

/// <summary>End-to-end: layers, loss, optimizer and schedule learn small separable problems, and trained weights travel.</summary>
public class TrainingTests
{
    /// <summary>Points in [-1, 1]^2 labelled by quadrant parity (XOR), which no linear model separates.</summary>
    private static (Tensor Points, int[] Labels) XorData(int count, int seed)
    {
        var random = new Random(seed);
        var points = new float[count * 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            points[2 * i] = (random.NextSingle() * 2) - 1;
            points[(2 * i) + 1] = (random.NextSingle() * 2) - 1;
            labels[i] = points[2 * i] * points[(2 * i) + 1] > 0 ? 1 : 0;
        }

        return (Tensor.FromArray(points, count, 2), labels);
    }

    /// <summary>8x8 one-channel images with a horizontal (class 0) or vertical (class 1) bar at a random place, plus noise.</summary>
    private static (Tensor Images, int[] Labels) BarData(int count, int seed)
    {
        var random = new Random(seed);
        var images = Tensor.RandomNormal(random, 0f, 0.3f, count, 1, 8, 8);
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = random.Next(2);
            var at = random.Next(8);
            for (var j = 0; j < 8; j++)
            {
                images.Data[(i * 64) + (labels[i] == 0 ? (at * 8) + j : (j * 8) + at)] += 1f;
            }
        }

        return (images, labels);
    }

    private static float Accuracy(Tensor logits, int[] labels)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = logits.Data[2 * i] > logits.Data[(2 * i) + 1] ? 0 : 1;
            correct += predicted == labels[i] ? 1 : 0;
        }

        return correct / (float)labels.Length;
    }

    private static void Train(Module model, Optimizer optimizer, LearningRateSchedule schedule, Tensor inputs, int[] labels, int steps)
    {
        var loss = new CrossEntropyLoss();
        for (var step = 0; step < steps; step++)
        {
            using var scope = new TensorScope();
            optimizer.LearningRate = schedule.At(step);
            optimizer.ZeroGrad();
            loss.Forward(model.Forward(inputs), labels).Backward();
            GradientClipping.ClipByGlobalNorm(model.Parameters(), 5f);
            optimizer.Step();
        }
    }

    [Fact]
    public void Mlp_XorProblem_ReachesHighAccuracyOnHeldOutPoints()
    {
        var random = new Random(11);
        var model = new Sequential(new Linear(2, 32, random), new Relu(), new Linear(32, 2, random));
        var (points, labels) = XorData(256, 1);
        var optimizer = new Sgd(model.Parameters(), 0.1f, momentum: 0.9f, nesterov: true, weightDecay: 1e-4f);
        Train(model, optimizer, new LinearWarmup(new CosineAnnealing(0.2f, 0.01f, 290), 10), points, labels, 300);
        var (testPoints, testLabels) = XorData(512, 2);
        var accuracy = Accuracy(model.Forward(testPoints), testLabels);
        Assert.True(accuracy > 0.95f, $"accuracy {accuracy}");
    }

    [Fact]
    public void ConvNet_BarOrientation_ReachesHighAccuracyAndSurvivesSafetensorsRoundTrip()
    {
        var random = new Random(5);
        Sequential Build(Random r) => new(
            new Conv2d(1, 8, 3, r, padding: 1, bias: false), new BatchNorm2d(8), new Relu(),
            new MaxPool2d(2, 2), new GlobalAvgPool2d(), new Linear(8, 2, r));
        var model = Build(random);
        var (images, labels) = BarData(64, 3);
        Train(model, new AdamW(model.Parameters(), 0.02f), new CosineAnnealing(0.05f, 0.001f, 40), images, labels, 40);

        model.Eval();
        var (testImages, testLabels) = BarData(256, 4);
        var logits = model.Forward(testImages);
        var accuracy = Accuracy(logits, testLabels);
        Assert.True(accuracy > 0.95f, $"accuracy {accuracy}");

        var copy = Build(new Random(99));
        copy.LoadStateDict(Safetensors.Deserialize(Safetensors.Serialize(model.StateDict())).Tensors);
        copy.Eval();
        Assert.Equal(logits.ToArray(), copy.Forward(testImages).ToArray());
    }
}
