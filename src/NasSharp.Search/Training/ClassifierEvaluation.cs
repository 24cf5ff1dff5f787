using NasSharp.Data;
using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>
/// Scores an image classifier on every batch of a loader: evaluation mode (running batch-norm statistics,
/// no dropout), no graph recorded, each batch in its own <see cref="TensorScope"/>. The model's previous
/// training mode is restored afterwards, so a training loop (or a supernet evaluator that recalibrates
/// batch norm first) can call this between epochs. The loader should not augment or drop images.
/// </summary>
public static class ClassifierEvaluation
{
    /// <summary>Top-1 accuracy of <paramref name="model"/> (images [N, C, H, W] to logits [N, classes]) over the loader's epoch 0, a fraction in [0, 1].</summary>
    public static double Evaluate(Module model, DataLoader loader) => Score(model, loader).Accuracy;

    /// <summary>Top-1 accuracy and mean cross-entropy of <paramref name="model"/> over the loader's epoch 0.</summary>
    public static ClassificationScore Score(Module model, DataLoader loader)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        var wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            return ScoreBatches(model, loader);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>
    /// Top-1 accuracy and mean cross-entropy of a weight-sharing path with inherited weights: every batch norm
    /// normalises with the statistics of the evaluation batch itself (training-mode batch norm, no graph). The
    /// running statistics a supernet gathers average over every sampled path (or over the softmax mixture of
    /// DARTS), so they describe no single architecture, and scoring a discrete path with them lands near chance;
    /// a large evaluation batch's own statistics are the path's (SPOS recalibrates on training batches for the
    /// same reason; Guo et al. 2020). Buffers and the training mode are restored afterwards, so scoring never
    /// changes the model and no score depends on what was scored before. For models without dropout (supernets);
    /// the loader should not shuffle.
    /// </summary>
    public static ClassificationScore ScoreWithBatchStatistics(Module model, DataLoader loader)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loader);
        var buffers = model.NamedBuffers().Select(b => (b.Tensor, Saved: b.Tensor.ToArray())).ToList();
        var wasTraining = model.IsTraining;
        model.Train();
        try
        {
            return ScoreBatches(model, loader);
        }
        finally
        {
            model.Train(wasTraining);
            foreach (var (tensor, saved) in buffers)
            {
                saved.CopyTo(tensor.Data);
            }
        }
    }

    private static ClassificationScore ScoreBatches(Module model, DataLoader loader)
    {
        long correct = 0;
        long count = 0;
        double lossSum = 0;
        using var noGrad = new NoGradScope();
        foreach (var batch in loader.Epoch(0))
        {
            using var scope = new TensorScope();
            var logits = model.Forward(batch.Images);
            lossSum += (double)Ops.CrossEntropy(logits, batch.Labels).Item() * batch.Count;
            correct += CountCorrect(logits, batch.Labels);
            count += batch.Count;
        }

        return new ClassificationScore((double)correct / count, lossSum / count, count);
    }

    /// <summary>How many rows of <paramref name="logits"/> [N, classes] have their largest value (first on ties) at the label's index.</summary>
    public static int CountCorrect(Tensor logits, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2 || logits.Shape[0] != labels.Length)
        {
            throw new ArgumentException($"CountCorrect: logits {logits.Shape} should be [{labels.Length}, classes].", nameof(logits));
        }

        var classes = logits.Shape[1];
        var data = logits.Data;
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = data.Slice(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            correct += best == labels[i] ? 1 : 0;
        }

        return correct;
    }
}
