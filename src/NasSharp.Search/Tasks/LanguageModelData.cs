namespace NasSharp.Search.Tasks;

/// <summary>
/// The token streams of a recurrent language-model search (RECURRENT.md 6, Part L): weights train on
/// <paramref name="Train"/>, alpha on the held-out <paramref name="Alpha"/> slice, <paramref name="Valid"/> selects and
/// <paramref name="Test"/> is reported once.
/// </summary>
public sealed record LanguageModelData(int VocabularySize, int[] Train, int[] Alpha, int[] Valid, int[] Test)
{
    /// <summary>
    /// Splits a corpus: the first <paramref name="trainTokens"/> training tokens for the weights and the next
    /// <paramref name="alphaTokens"/> for alpha (all the rest when either is null: 90 % / 10 %).
    /// </summary>
    public static LanguageModelData FromCorpus(int vocabularySize, int[] train, int[] valid, int[] test, int? trainTokens, int? alphaTokens)
    {
        ArgumentNullException.ThrowIfNull(train);
        var weights = Math.Min(trainTokens ?? (train.Length * 9 / 10), train.Length);
        var alpha = Math.Min(alphaTokens ?? (train.Length - weights), train.Length - weights);
        if (weights <= 0 || alpha <= 0)
        {
            throw new ArgumentException($"language model data: {train.Length} training tokens leave {weights} for weights and {alpha} for alpha; both must be positive.");
        }

        return new LanguageModelData(vocabularySize, train[..weights], train[weights..(weights + alpha)], valid, test);
    }
}
