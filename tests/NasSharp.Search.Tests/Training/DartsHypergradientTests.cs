using NasSharp.NN.Layers;
using NasSharp.Search.Supernets;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Tests.Training;

public class DartsHypergradientTests
{
    private static readonly int[] TrainLabels = [0, 2, 1, 1];
    private static readonly int[] ValLabels = [1, 0, 2, 0];

    [Fact]
    public void Apply_MatchesTheNumericAlphaGradientOfTheUnrolledValidationLoss()
    {
        // Finite differences need a smooth loss: running-statistics batch norm in evaluation mode (batch-independent),
        // and positive inputs and convolution weights (about 1 / fan-in, so activations stay of order one), so that every
        // ReLU input is positive: ReLU acts as the identity and the losses have no kinks. Batch-norm scales start at 1
        // and shifts at 0, which keeps the signs.
        var tables = new ChoiceTables([(6, 5)], new Random(0));
        var alpha = tables.Tables[0];
        Tensor.RandomNormal(new Random(4), 0, 0.5f, 6, 5).Data.CopyTo(alpha.Data);
        var net = new Nb201Supernet(SearchFixture.Tiny with { CellBatchNorm = BatchNormOptions.Default }, new SoftmaxChoicePolicy(tables), new Random(0));
        net.Eval();
        var weights = net.Parameters();
        var random = new Random(5);
        foreach (var w in weights.Where(w => w.Rank == 4))
        {
            var fanIn = w.Shape[1] * w.Shape[2] * w.Shape[3];
            for (var i = 0; i < w.Count; i++)
            {
                w.Data[i] = (0.5f + random.NextSingle()) / fanIn;
            }
        }

        var trainImages = Tensor.RandomUniform(new Random(1), 0.1f, 1, 4, 3, 8, 8);
        var valImages = Tensor.RandomUniform(new Random(2), 0.1f, 1, 4, 3, 8, 8);
        Tensor Train() => Ops.CrossEntropy(net.Forward(trainImages), TrainLabels);
        Tensor Val() => Ops.CrossEntropy(net.Forward(valImages), ValLabels);
        const float xi = 0.2f;

        var before = weights.Select(w => w.ToArray()).ToList();
        DartsHypergradient.Apply(weights, alpha, xi, Train, Val);
        Assert.All(weights.Select((w, k) => (w, k)), t => Assert.Equal(before[t.k], t.w.ToArray()));
        Assert.All(weights, w => Assert.Null(w.Grad));
        var hyper = alpha.Grad!.ToArray();

        // Brute force: f(alpha) = L_val(w - xi grad_w L_train(w, alpha), alpha), differentiated numerically.
        float Unrolled()
        {
            var backup = weights.Select(w => w.ToArray()).ToList();
            foreach (var w in weights)
            {
                w.ClearGrad();
            }

            using (var scope = new TensorScope())
            using (new GradientFreeze([alpha]))
            {
                Train().Backward();
            }

            foreach (var w in weights)
            {
                var g = w.Grad?.ToArray() ?? new float[w.Count];
                for (var i = 0; i < w.Count; i++)
                {
                    w.Data[i] -= xi * g[i];
                }
            }

            float loss;
            using (var scope = new TensorScope())
            using (new NoGradScope())
            {
                loss = Val().Item();
            }

            for (var k = 0; k < weights.Count; k++)
            {
                backup[k].CopyTo(weights[k].Data);
            }

            return loss;
        }

        var direct = DirectGradientAtUnrolled(weights, alpha, xi, Train, Val);
        var secondOrderTerm = 0.0;
        const float h = 1e-2f;
        foreach (var i in new[] { 0, 9, 13, 16, 24, 28 })
        {
            var original = alpha.Data[i];
            alpha.Data[i] = original + h;
            var plus = Unrolled();
            alpha.Data[i] = original - h;
            var minus = Unrolled();
            alpha.Data[i] = original;
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - hyper[i]) < 1e-4 + (0.01 * Math.Abs(numeric)), $"alpha[{i}]: hypergradient {hyper[i]} vs numeric {numeric}");
            secondOrderTerm = Math.Max(secondOrderTerm, Math.Abs(hyper[i] - direct[i]));
        }

        // The comparison means something only if the second-order term is well above the tolerance.
        Assert.True(secondOrderTerm > 0.01, $"second-order term {secondOrderTerm} is too small to test");
    }

    // grad_alpha L_val(w', alpha) alone: the first term of the hypergradient.
    private static float[] DirectGradientAtUnrolled(IReadOnlyList<Tensor> weights, Tensor alpha, float xi, Func<Tensor> train, Func<Tensor> val)
    {
        var backup = weights.Select(w => w.ToArray()).ToList();
        foreach (var w in weights)
        {
            w.ClearGrad();
        }

        using (var scope = new TensorScope())
        using (new GradientFreeze([alpha]))
        {
            train().Backward();
        }

        foreach (var w in weights)
        {
            if (w.Grad is { } g)
            {
                for (var i = 0; i < w.Count; i++)
                {
                    w.Data[i] -= xi * g.Data[i];
                }
            }
        }

        alpha.ClearGrad();
        using (var scope = new TensorScope())
        using (new GradientFreeze(weights))
        {
            val().Backward();
        }

        var direct = alpha.Grad!.ToArray();
        for (var k = 0; k < weights.Count; k++)
        {
            backup[k].CopyTo(weights[k].Data);
            weights[k].ClearGrad();
        }

        return direct;
    }
}
