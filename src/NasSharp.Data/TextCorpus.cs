namespace NasSharp.Data;

/// <summary>
/// A word-level language-modelling corpus in the Penn Treebank layout (Mikolov's version, as used by
/// AWD-LSTM and DARTS): three text files, one sentence per line, tokens separated by whitespace. Every
/// line becomes its tokens followed by <c>&lt;eos&gt;</c>, and the lines of a file are concatenated into
/// one stream. The vocabulary is built from the training file in order of first appearance. A word of
/// the validation or test file that training never saw maps to <c>&lt;unk&gt;</c> when the vocabulary
/// has it (PTB has none such), and is an error naming the file, line and word otherwise.
/// Files may be gzip-compressed (detected by magic bytes).
/// </summary>
public sealed class TextCorpus
{
    /// <summary>The standard PTB file names.</summary>
    public static IReadOnlyList<string> PtbFileNames { get; } = ["ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"];

    private TextCorpus(Vocabulary vocabulary, int[] train, int[] valid, int[] test)
    {
        Vocabulary = vocabulary;
        Train = train;
        Valid = valid;
        Test = test;
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>Token ids of the training stream.</summary>
    public int[] Train { get; }

    /// <summary>Token ids of the validation stream.</summary>
    public int[] Valid { get; }

    /// <summary>Token ids of the test stream.</summary>
    public int[] Test { get; }

    /// <summary>
    /// Loads ptb.train.txt, ptb.valid.txt and ptb.test.txt from <paramref name="directory"/> or its ptb/
    /// subfolder; a missing file is a <see cref="FileNotFoundException"/> listing the expected names.
    /// </summary>
    public static TextCorpus Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        foreach (var folder in new[] { directory, Path.Combine(directory, "ptb") })
        {
            var paths = PtbFileNames.Select(f => Path.Combine(folder, f)).ToArray();
            if (paths.All(File.Exists))
            {
                return Load(paths[0], paths[1], paths[2]);
            }
        }

        throw new FileNotFoundException($"Text corpus: {directory} (nor its ptb/ subfolder) does not hold all of {string.Join(", ", PtbFileNames)}.");
    }

    /// <summary>Loads a corpus from three explicit files.</summary>
    public static TextCorpus Load(string trainPath, string validPath, string testPath)
    {
        var vocabulary = new Vocabulary();
        var train = Tokenize(trainPath, word => vocabulary.Add(word));
        var unknown = vocabulary.TryGetId(Vocabulary.Unknown, out var unk) ? unk : -1;
        int Lookup(string path, int line, string word) =>
            vocabulary.TryGetId(word, out var id) ? id
            : unknown >= 0 ? unknown
            : throw new InvalidDataException($"{path}, line {line}: word '{word}' does not occur in the training file {trainPath}, and the vocabulary has no {Vocabulary.Unknown} to map it to.");

        var valid = Tokenize(validPath, (line, word) => Lookup(validPath, line, word));
        var test = Tokenize(testPath, (line, word) => Lookup(testPath, line, word));
        return new TextCorpus(vocabulary, train, valid, test);
    }

    /// <summary>
    /// Lays <paramref name="tokens"/> out as [steps, batchSize] with steps = Length / batchSize, dropping
    /// the remainder (AWD-LSTM batchify): element (s, b) is tokens[b x steps + s].
    /// </summary>
    public static TokenMatrix Batchify(ReadOnlySpan<int> tokens, int batchSize)
    {
        if (batchSize <= 0 || tokens.Length / batchSize < 1)
        {
            throw new ArgumentException($"Batchify: {tokens.Length} tokens cannot fill a batch size of {batchSize}.");
        }

        var steps = tokens.Length / batchSize;
        var data = new int[steps * batchSize];
        for (var b = 0; b < batchSize; b++)
        {
            for (var s = 0; s < steps; s++)
            {
                data[(s * batchSize) + b] = tokens[(b * steps) + s];
            }
        }

        return new TokenMatrix(data, steps, batchSize);
    }

    /// <summary>The windows starting at rows 0, bptt, 2 x bptt, ... (the last one may be shorter), as AWD-LSTM's evaluation loop.</summary>
    public static IEnumerable<BpttWindow> BpttWindows(TokenMatrix data, int bptt)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (bptt <= 0)
        {
            throw new ArgumentException($"BpttWindows: bptt must be positive, got {bptt}.");
        }

        for (var start = 0; start < data.Steps - 1; start += bptt)
        {
            yield return data.Window(start, bptt);
        }
    }

    private static int[] Tokenize(string path, Func<string, int> id) => Tokenize(path, (_, word) => id(word));

    private static int[] Tokenize(string path, Func<int, string, int> id)
    {
        var tokens = new List<int>();
        using var reader = DataFile.OpenText(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            foreach (var word in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                tokens.Add(id(lineNumber, word));
            }

            tokens.Add(id(lineNumber, Vocabulary.EndOfSentence));
        }

        if (tokens.Count == 0)
        {
            throw new InvalidDataException($"{path}: the file is empty.");
        }

        return [.. tokens];
    }
}
