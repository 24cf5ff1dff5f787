using NasSharp.Tensors;

namespace NasSharp.Search.Training;

/// <summary>Top-1 hits of a batch of logits.</summary>
internal static class Accuracy
{
    /// <summary>How many rows of <paramref name="logits"/> [N, C] have their largest value (first on ties) at the label.</summary>
    public static int CountCorrect(Tensor logits, ReadOnlySpan<int> labels)
    {
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
