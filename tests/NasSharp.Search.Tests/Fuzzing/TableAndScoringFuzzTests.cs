using FsCheck.Fluent;
using NasSharp.Search.Benchmarks;
using NasSharp.Search.Ranking;
using NasSharp.Testing;
using Xunit.Abstractions;

namespace NasSharp.Search.Tests.Fuzzing;

/// <summary>The CSV/JSON scoring readers and the NB201 table reader on mutated files: a result, or their documented errors.</summary>
public sealed class TableAndScoringFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const string A = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";
    private const string B = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    private readonly string directory = Directory.CreateTempSubdirectory("nassharp-fuzz-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ScoringFileRead_MutatedCsvAndJson_ReadsFiniteScoresOrThrowsDocumentedErrors()
    {
        var csv = $"arch,score,\"note, quoted\"\n{A},91.5,\"a, b\"\n\"{B}\",10.2,x\n";
        var jsonObject = $"{{\"{A}\": 91.5, \"{B}\": 1e-3}}";
        var jsonArray = $"[{{\"arch\": \"{A}\", \"score\": 91.5}}, {{\"arch\": \"{B}\", \"score\": -2}}]";
        var gen = Gen.Zip(Gen.OneOf(Fuzz.Mutations(csv, jsonObject, jsonArray), Fuzz.Noise()), Gen.Elements(".csv", ".json", ".txt"));
        var n = 0;
        Fuzz.Check(output, "scoring files", gen, 800, input =>
        {
            var path = Path.Combine(directory, $"s{Interlocked.Increment(ref n)}{input.Item2}");
            File.WriteAllText(path, input.Item1);
            var scoring = ScoringFile.Read(path);
            Assert.All(scoring.Architectures, a => Assert.True(double.IsFinite(scoring[a])));
        }, typeof(FormatException), typeof(InvalidDataException), typeof(ArgumentException));
    }

    [Fact]
    public void Nb201TableRead_MutatedTable_ReadsOrThrowsInvalidData()
    {
        var table = $"arch_index,arch,op_indices,cifar10_valid_12ep,cifar10_test\n0,{A},{Search.Spaces.Nb201Genotype.Parse(A).ToOpIndices()},80.5,91.25\n1,\"{B}\",000000,10.0,10.0\n";
        Fuzz.Check(output, "nb201 table", Gen.OneOf(Fuzz.Mutations(table), Fuzz.Noise()), 800, text =>
        {
            var read = Nb201Table.Read(new StringReader(text), "t.csv");
            Assert.InRange(read.Count, 0, text.Split('\n').Length - 1);
        }, typeof(InvalidDataException));
    }
}
