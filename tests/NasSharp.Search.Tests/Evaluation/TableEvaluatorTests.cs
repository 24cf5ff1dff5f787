using NasSharp.Search.Benchmarks;
using NasSharp.Search.Evaluation;
using NasSharp.Search.Spaces;

namespace NasSharp.Search.Tests.Evaluation;

public sealed class TableEvaluatorTests : IDisposable
{
    private readonly TableFiles files = new();

    public void Dispose() => files.Dispose();

    private Nb201Table Table() => Nb201Table.Load(files.Write(
        "t.csv", "arch,valid,test,time", $"{new Nb201Genotype(1)},80,93,120.5", $"{new Nb201Genotype(2)},81,92,99"));

    [Fact]
    public void Evaluate_SearchAndReportColumns_AreSeparate()
    {
        var evaluator = new TableEvaluator(Table(), "valid", "test", "time");
        Assert.Equal(new EvaluationResult(81, 92, 99), evaluator.Evaluate(new Nb201Genotype(2)));
        Assert.Equal(new EvaluationResult(80, 93, 120.5), evaluator.Evaluate(new Nb201Genotype(1)));
    }

    [Fact]
    public void Evaluate_NoReportOrTimeColumn_LeavesThemNull()
    {
        var result = new TableEvaluator(Table(), "test").Evaluate(new Nb201Genotype(1));
        Assert.Equal(93, result.Score);
        Assert.Null(result.Reported);
        Assert.Null(result.CostSeconds);
    }

    [Fact]
    public void Constructor_UnknownColumn_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TableEvaluator(Table(), "valid", "cifar10_test"));
        Assert.Contains("'cifar10_test'", ex.Message);
    }

    [Fact]
    public void Evaluate_GenotypeNotInTable_Throws() =>
        Assert.Throws<ArgumentException>(() => new TableEvaluator(Table(), "valid").Evaluate(new Nb201Genotype(3)));

    [Fact]
    public void Nb201Metrics_Cifar10_SearchesValid12epReportsTest()
    {
        var metrics = Nb201Metrics.For(Nb201Metrics.ParseDataset("cifar10"));
        Assert.Equal("cifar10_valid_12ep", metrics.Search);
        Assert.Equal("cifar10_test", metrics.Report);
        Assert.Equal(Nb201Dataset.ImageNet16, Nb201Metrics.ParseDataset("ImageNet16-120"));
        Assert.Throws<ArgumentException>(() => Nb201Metrics.ParseDataset("mnist"));
    }
}
