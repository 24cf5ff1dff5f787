namespace NasSharp.Data;

/// <summary>
/// A word-to-id table. Ids are assigned in order of first appearance (as the Dictionary of the PyTorch
/// word_language_model example, AWD-LSTM and DARTS' recurrent search do), so the same corpus always gives
/// the same ids.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The end-of-sentence token appended to every line.</summary>
    public const string EndOfSentence = "<eos>";

    /// <summary>The unknown-word token; PTB already uses it for rare words.</summary>
    public const string Unknown = "<unk>";

    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly List<string> words = [];

    /// <summary>Number of distinct words.</summary>
    public int Count => words.Count;

    /// <summary>The words in id order.</summary>
    public IReadOnlyList<string> Words => words;

    /// <summary>The word with id <paramref name="id"/>.</summary>
    public string this[int id] => words[id];

    /// <summary>The id of <paramref name="word"/>, adding it when new.</summary>
    public int Add(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (!ids.TryGetValue(word, out var id))
        {
            id = words.Count;
            ids.Add(word, id);
            words.Add(word);
        }

        return id;
    }

    /// <summary>The id of <paramref name="word"/>, or false when it is not in the vocabulary.</summary>
    public bool TryGetId(string word, out int id) => ids.TryGetValue(word, out id);

    /// <summary>Whether <paramref name="word"/> is in the vocabulary.</summary>
    public bool Contains(string word) => ids.ContainsKey(word);
}
