using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NasSharp.Data;

namespace NasSharp.Cli.Tests;

/// <summary>
/// Tiny generated inputs for <c>nas train</c> in a temporary folder (the tests never read real data): MNIST-layout
/// IDX files of 8x8 synthetic motifs under mnist/, a PTB-layout corpus under ptb/, and a two-column series file.
/// </summary>
public sealed class TrainData : IDisposable
{
    public TrainData()
    {
        Directory.CreateDirectory(Path.Combine(Root, "mnist"));
        var options = new SyntheticImageOptions { Channels = 1, Size = 8, ClassCount = 4, MaxMotifs = 1, Distractors = 0 };
        WriteIdx(SyntheticImages.Generate(1, 48, options), "train");
        WriteIdx(SyntheticImages.Generate(2, 16, options), "t10k");

        Directory.CreateDirectory(Path.Combine(Root, "ptb"));
        WriteCorpus("train", 1, 120);
        WriteCorpus("valid", 2, 20);
        WriteCorpus("test", 3, 20);

        var series = new StringBuilder();
        for (var t = 0; t < 200; t++)
        {
            series.Append(CultureInfo.InvariantCulture, $"{1.5 + Math.Sin(t / 5.0):F6},{2 + Math.Cos(t / 7.0):F6}\n");
        }

        SeriesPath = Path.Combine(Root, "waves.txt");
        File.WriteAllText(SeriesPath, series.ToString());
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "nassharp-train-" + Guid.NewGuid().ToString("N"));

    public string SeriesPath { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void WriteIdx(ImageDataset set, string prefix)
    {
        var images = new byte[16 + (set.Count * 64)];
        BinaryPrimitives.WriteInt32BigEndian(images, IdxDataset.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), set.Count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 8);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 8);
        var labels = new byte[8 + set.Count];
        BinaryPrimitives.WriteInt32BigEndian(labels, IdxDataset.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), set.Count);
        for (var i = 0; i < set.Count; i++)
        {
            set.Image(i).CopyTo(images.AsSpan(16 + (i * 64)));
            labels[8 + i] = (byte)set.Label(i);
        }

        File.WriteAllBytes(Path.Combine(Root, "mnist", $"{prefix}-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(Root, "mnist", $"{prefix}-labels-idx1-ubyte"), labels);
    }

    // Sentences of 3 to 8 words over a 12-word vocabulary; every word occurs in the training file.
    private void WriteCorpus(string part, int seed, int lines)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var line = 0; line < lines; line++)
        {
            var words = Enumerable.Range(0, 3 + random.Next(6)).Select(_ => "w" + random.Next(12).ToString(CultureInfo.InvariantCulture));
            text.Append(' ').Append(string.Join(' ', part == "train" && line == 0 ? Enumerable.Range(0, 12).Select(i => "w" + i.ToString(CultureInfo.InvariantCulture)) : words)).Append(" \n");
        }

        File.WriteAllText(Path.Combine(Root, "ptb", $"ptb.{part}.txt"), text.ToString());
    }
}
