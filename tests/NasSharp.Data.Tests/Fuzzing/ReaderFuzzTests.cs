using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FsCheck.Fluent;
using NasSharp.Testing;
using Xunit.Abstractions;

namespace NasSharp.Data.Tests.Fuzzing;

/// <summary>IDX, CIFAR binary, PTB text and series readers on mutated files: a dataset, or <see cref="InvalidDataException"/> naming the file.</summary>
public sealed class ReaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory temp = new();
    private int files;

    public void Dispose() => temp.Dispose();

    private string Write(string name, byte[] bytes) => temp.Write($"{Interlocked.Increment(ref files)}-{name}", bytes);

    private static byte[] Idx(int magic, params int[] dims)
    {
        var count = dims.Aggregate(1, (a, b) => a * b);
        var bytes = new byte[4 + (4 * dims.Length) + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        for (var i = 4 + (4 * dims.Length); i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i % 10);
        }

        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    [Fact]
    public void IdxLoad_MutatedFiles_LoadsOrThrowsInvalidData()
    {
        var images = Idx(IdxDataset.ImagesMagic, 3, 4, 4);
        var labels = Idx(IdxDataset.LabelsMagic, 3);
        var gen = Gen.Zip(Fuzz.ByteMutations(images, Gzip(images)), Fuzz.ByteMutations(labels));
        Fuzz.Check(output, "idx", gen, 500, pair =>
        {
            var set = IdxDataset.Load(Write("images", pair.Item1), Write("labels", pair.Item2));
            Assert.True(set.Count >= 0);
        }, typeof(InvalidDataException));
    }

    [Fact]
    public void CifarLoad_MutatedBatches_LoadsOrThrowsInvalidData()
    {
        var batch = new byte[2 * (1 + CifarBinary.PixelBytes)];
        batch[0] = 3;
        batch[1 + CifarBinary.PixelBytes] = 9;
        Fuzz.Check(output, "cifar", Fuzz.ByteMutations(batch, Gzip(batch)), 200, bytes =>
        {
            var set = CifarBinary.Load([Write("batch.bin", bytes)], cifar100: false);
            Assert.InRange(set.Count, 1, 3);
        }, typeof(InvalidDataException));
    }

    [Fact]
    public void TextCorpusLoad_MutatedFiles_LoadsOrThrowsInvalidData()
    {
        var train = Encoding.UTF8.GetBytes(" the cat sat <unk> \n the dog \n");
        var other = Encoding.UTF8.GetBytes(" the dog sat \n");
        Fuzz.Check(output, "ptb", Gen.Zip(Fuzz.ByteMutations(train, Gzip(train)), Fuzz.ByteMutations(other)), 500, pair =>
        {
            var corpus = TextCorpus.Load(Write("train.txt", pair.Item1), Write("valid.txt", pair.Item2), Write("test.txt", other));
            Assert.True(corpus.Vocabulary.Count > 0);
        }, typeof(InvalidDataException));
    }

    [Fact]
    public void TimeSeriesLoad_MutatedSeries_LoadsFiniteValuesOrThrowsInvalidData()
    {
        var series = "1.5,2,3\n0.25,-1,4e2\n7,8,9\n";
        Fuzz.Check(output, "series", Gen.OneOf(Fuzz.Mutations(series), Fuzz.Noise()), 1000, text =>
        {
            var set = TimeSeriesDataset.Load(Write("series.txt", Encoding.UTF8.GetBytes(text)));
            Assert.True(set.Rows > 0 && set.Columns > 0);
        }, typeof(InvalidDataException));
    }

    [Fact]
    public void TimeSeriesLoad_MutatedQuotedSeries_LoadsFiniteValuesOrThrowsInvalidData()
    {
        // Quoted fields (spreadsheet exports) reach CsvHelper's quote handling: unclosed quotes, text after a closing
        // quote, quoted commas and line breaks must end as a dataset or one InvalidDataException, never another error.
        var series = "\"1.5\",\"2\",3\n\"0.25\", -1 ,\"4e2\"\n7,\"8\",\"9\"\n";
        Fuzz.Check(output, "quoted series", Fuzz.Mutations(series, "\"1,5\",2\n\"3\"\"\",4\n"), 500, text =>
        {
            var set = TimeSeriesDataset.Load(Write("quoted.txt", Encoding.UTF8.GetBytes(text)));
            Assert.True(set.Rows > 0 && set.Columns > 0);
            Assert.All(set.Raw.ToArray(), v => Assert.True(float.IsFinite(v)));
        }, typeof(InvalidDataException));
    }
}
