using NasSharp.Data;
using NasSharp.Search.Supernets.Choices;
using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>Image classification: cross-entropy of the supernet's logits, and the number of correct top-1 predictions.</summary>
public sealed class ImageClassificationTask : ISearchTask<ImageBatch>
{
    private ImageClassificationTask()
    {
    }

    public static ImageClassificationTask Instance { get; } = new();

    public TaskLoss Loss(ChoiceSupernet supernet, ImageBatch batch)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(batch);
        var logits = supernet.Forward(batch.Images);
        var loss = Ops.CrossEntropy(logits, batch.Labels);
        return new TaskLoss(loss, loss, ClassifierEvaluation.CountCorrect(logits, batch.Labels));
    }

    public int Count(ImageBatch batch) => batch?.Count ?? throw new ArgumentNullException(nameof(batch));

    public int Inputs(ImageBatch batch) => Count(batch);
}
