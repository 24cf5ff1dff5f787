using NasSharp.Data;
using NasSharp.Search.Training;
using NasSharp.Tensors;

namespace NasSharp.Search.Models;

/// <summary>
/// Runs a <see cref="SavedModel"/> on a dataset with the card's normalisation, in evaluation mode: the score
/// (top-1 accuracy and mean cross-entropy, <see cref="ClassifierEvaluation"/>) or one prediction per image.
/// The dataset must match the card's input shape and classes.
/// </summary>
public static class ModelPrediction
{
    /// <summary>Accuracy (a fraction) and mean loss of the model on <paramref name="data"/>.</summary>
    public static ClassificationScore Evaluate(SavedModel model, ImageDataset data, int batchSize = 256) =>
        ClassifierEvaluation.Score(model.Network, Loader(model, data, batchSize));

    /// <summary>The predicted class and its probability for every image of <paramref name="data"/>, in order.</summary>
    public static IEnumerable<ImagePrediction> Predict(SavedModel model, ImageDataset data, int batchSize = 256)
    {
        var loader = Loader(model, data, batchSize);
        model.Network.Eval();
        var index = 0;
        foreach (var batch in loader.Epoch(0))
        {
            float[] probabilities;
            using (new NoGradScope())
            using (new TensorScope())
            {
                probabilities = Ops.Softmax(model.Network.Forward(batch.Images), 1).ToArray();
            }

            var classes = probabilities.Length / batch.Count;
            for (var i = 0; i < batch.Count; i++, index++)
            {
                var row = probabilities.AsSpan(i * classes, classes);
                var best = 0;
                for (var c = 1; c < classes; c++)
                {
                    best = row[c] > row[best] ? c : best;
                }

                yield return new ImagePrediction(index, batch.Labels[i], best, row[best]);
            }
        }
    }

    /// <summary>Throws naming both when <paramref name="data"/> does not fit the card's input shape or classes.</summary>
    public static void CheckCompatible(ModelCard card, ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(data);
        int[] shape = [data.Channels, data.Height, data.Width];
        if (!shape.SequenceEqual(card.InputShape) || data.ClassCount != card.Classes)
        {
            throw new ArgumentException($"{data.Name}: images [{string.Join(", ", shape)}] in {data.ClassCount} classes, but the model takes [{string.Join(", ", card.InputShape)}] in {card.Classes} classes (trained on {card.Dataset ?? "another dataset"})");
        }
    }

    private static DataLoader Loader(SavedModel model, ImageDataset data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckCompatible(model.Card, data);
        var normalization = model.Card.Normalization?.ToChannelNormalization() ?? data.ComputeNormalization();
        return new DataLoader(data, new DataLoaderOptions { BatchSize = batchSize, Normalization = normalization });
    }
}
