using System.Diagnostics;
using NasSharp.Data;
using NasSharp.NN.Optimization;
using NasSharp.Search.Networks.Recurrent;
using NasSharp.Tasks;
using NasSharp.Tasks.LanguageModeling;
using NasSharp.Tensors;

namespace NasSharp.Search.Recurrent;

/// <summary>
/// Retrains a derived recurrent cell from scratch inside a <see cref="CellLanguageModel"/> (RECURRENT.md 2.3, scaled
/// down): the recipe of <see cref="LanguageModelTraining"/> (SGD, norm clip, windows of Bptt steps with the hidden
/// state carried and cut between them, the learning rate divided by the anneal factor after an epoch that does not
/// improve the validation loss, the best validation epoch's weights scored on test) plus the DARTS recurrent code's
/// temporal activation regularization. The code's switch to averaged SGD is not done (a documented simplification).
/// </summary>
public sealed class CellLanguageModelTraining(CellLanguageModel model, LanguageModelTrainingOptions options, float temporalBeta = 1e-3f)
{
    /// <summary>Trains on <paramref name="train"/>, selects on <paramref name="valid"/>, reports on <paramref name="test"/>; mean token NLLs (perplexity = exp).</summary>
    public (int BestEpoch, double ValidLoss, double TestLoss, double Seconds) Run(int[] train, int[] valid, int[] test, Action<int, double, double>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var data = TextCorpus.Batchify(train, options.BatchSize);
        var optimizer = new Sgd(model.Parameters(), (float)options.LearningRate);
        var guard = new DivergenceGuard();
        var clock = Stopwatch.StartNew();
        var best = (Epoch: 0, Loss: double.PositiveInfinity);
        StateSnapshot? bestWeights = null;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var trainLoss = TrainEpoch(data, optimizer, guard);
            var validLoss = Evaluate(valid);
            if (validLoss < best.Loss)
            {
                (best, bestWeights) = ((epoch, validLoss), StateSnapshot.Take(model));
            }
            else
            {
                optimizer.LearningRate = (float)(optimizer.LearningRate / options.AnnealFactor);
            }

            onEpoch?.Invoke(epoch, trainLoss, validLoss);
        }

        bestWeights?.Restore(model);
        return (best.Epoch, best.Loss, Evaluate(test), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Mean token NLL on <paramref name="tokens"/> in evaluation mode (EvalBatchSize columns, state carried).</summary>
    public double Evaluate(int[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        model.Eval();
        try
        {
            using var noGrad = new NoGradScope();
            Tensor? hidden = null;
            var (sum, count) = (0.0, 0L);
            foreach (var window in TextCorpus.BpttWindows(TextCorpus.Batchify(tokens, options.EvalBatchSize), options.Bptt))
            {
                using var scope = new TensorScope();
                var (logits, _, last) = model.Forward(window.Inputs, window.Length, window.BatchSize, hidden);
                sum += (double)Ops.CrossEntropy(logits, window.Targets).Item() * window.Targets.Length;
                count += window.Targets.Length;
                hidden = Persist(last);
            }

            return sum / Math.Max(1, count);
        }
        finally
        {
            model.Train();
        }
    }

    private double TrainEpoch(TokenMatrix data, Sgd optimizer, DivergenceGuard guard)
    {
        model.Train();
        Tensor? hidden = null;
        var (sum, count) = (0.0, 0L);
        foreach (var window in TextCorpus.BpttWindows(data, options.Bptt))
        {
            using var scope = new TensorScope();
            var (logits, outputs, last) = model.Forward(window.Inputs, window.Length, window.BatchSize, hidden);
            var loss = Ops.CrossEntropy(logits, window.Targets);
            guard.CheckLoss(loss.Item(), optimizer.LearningRate);
            optimizer.ZeroGrad();
            Ops.Add(loss, CellLanguageModel.TemporalActivationRegularization(outputs, temporalBeta)).Backward();
            guard.CheckGradientNorm(GradientClipping.ClipByGlobalNorm(optimizer.Parameters, (float)options.GradientClip), optimizer.LearningRate);
            optimizer.Step();
            sum += (double)loss.Item() * window.Targets.Length;
            count += window.Targets.Length;
            hidden = Persist(last);
        }

        return sum / Math.Max(1, count);
    }

    private static Tensor Persist(Tensor last)
    {
        var copy = Tensor.Persistent(last.Shape);
        copy.CopyFrom(last);
        return copy;
    }
}
