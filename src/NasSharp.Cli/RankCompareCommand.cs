using System.CommandLine;
using System.Globalization;
using NasSharp.Search.Ranking;
using NasSharp.Search.Ranking.Arms;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas rank-compare</c>: ranking quality of several arms (e.g. one-shot and few-shot supernets, several seeds
/// each) against one truth, with a paired bootstrap interval for each arm minus the baseline
/// (<see cref="ArmRankingStudy"/>). Scorings are files (<c>nas rank SUPER GT --scores-out FILE</c> writes a
/// supernet's); the truth is the mean of one or more <c>nas groundtruth</c> tables. Saves
/// <c>DIR/rank_compare.json</c> and <c>DIR/seeds.csv</c> with <c>--out</c>.
/// </summary>
internal static class RankCompareCommand
{
    private static readonly Option<string[]> Truth = new("--truth") { Description = "Ground-truth table (CSV, or a nas groundtruth --out directory); repeat it for several runs (seeds): the truth is their per-architecture mean, their agreement the ceiling.", Required = true, AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> TruthScore = new("--truth-score") { Description = "Score column of the truth tables.", DefaultValueFactory = _ => "test_accuracy" };
    private static readonly Option<string[]> Arm = new("--arm") { Description = "NAME=FILE[,FILE...]: an arm and its scorings, one per seed (paired by position across arms); repeat for each arm.", Required = true };
    private static readonly Option<string?> Score = new("--score") { Description = "Score column of the arms' files (default: the second column)." };
    private static readonly Option<string?> Baseline = new("--baseline") { Description = "Arm the others are compared with (default: the first)." };
    private static readonly Option<int> TopK = new("--top-k") { Description = "k of the top-k overlap.", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> Resamples = new("--resamples") { Description = "Bootstrap resamples.", DefaultValueFactory = _ => PairedBootstrap.DefaultResamples };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the bootstrap.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string[]> Pick = new("--pick") { Description = "NAME=RUN[,RUN...]: searches run on the arm's scorers (run directories with repeats.csv, or CSVs with a genotype column); their picks are placed in the truth." };
    private static readonly Option<string[]> PickTruth = new("--pick-truth") { Description = "Tables of the picks trained with the truth's recipe (repeat for seeds; averaged).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> Out = new("--out") { Description = "Directory to write rank_compare.json and seeds.csv into." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the JSON report as the last line." };

    public static Command Create()
    {
        var command = new Command("rank-compare", "Compare how well several arms (seeds each) rank a truth, with paired bootstrap intervals: 'nas rank-compare --truth gt0 --truth gt1 --arm oneshot=o0.csv,o1.csv --arm fewshot=f0.csv,f1.csv'.");
        Option[] options = [Truth, TruthScore, Arm, Score, Baseline, TopK, Resamples, Seed, Pick, PickTruth, Out, Json];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(r => SupernetCliOptions.Guard(r, "rank-compare", output => Run(r, output)));
        return command;
    }

    private static int Run(ParseResult r, TextWriter output)
    {
        var truthScore = r.GetValue(TruthScore)!;
        var truth = r.GetValue(Truth)!.Select(p => ScoringFile.Read(TablePath(p), truthScore)).ToList();
        var arms = r.GetValue(Arm)!.Select(a => ParseArm(a, r.GetValue(Score))).ToList();
        var picks = (r.GetValue(Pick) ?? []).Select(ParsePicks).ToList();
        var pickTruthFiles = r.GetValue(PickTruth) ?? [];
        var pickTruth = pickTruthFiles.Length == 0 ? null : MeanScoring.Of([.. pickTruthFiles.Select(p => ScoringFile.Read(TablePath(p), truthScore))]);
        var report = ArmRankingStudy.Compute(truth, arms, r.GetValue(Baseline), r.GetValue(TopK), r.GetValue(Resamples), r.GetValue(Seed), picks, pickTruth);
        Print(output, report);
        if (r.GetValue(Out) is { } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "rank_compare.json"), OutputJson.Serialize(report));
            using (var csv = new CsvTableWriter(Path.Combine(directory, "seeds.csv"), ["arm", "seed", "source", "kendall_tau_b", "spearman_rho", "top_k", "top_k_common"]))
            {
                foreach (var s in report.Seeds)
                {
                    csv.WriteRow(s.Arm, s.Seed, s.Source, s.KendallTauB, s.SpearmanRho, s.TopK, s.TopKCommon);
                }
            }

            output.WriteLine($"written: {Path.Combine(directory, "rank_compare.json")}, {Path.Combine(directory, "seeds.csv")}");
        }

        if (r.GetValue(Json))
        {
            output.WriteLine(OutputJson.SerializeLine(report));
        }

        return 0;
    }

    private static void Print(TextWriter output, ArmRankingReport report)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"truth: {report.Truth} ({report.Architectures} architectures)"));
        if (report.TruthCeiling is { } ceiling)
        {
            output.WriteLine(string.Create(c, $"truth runs agree with each other at tau-b {ceiling:0.000}, rho {report.TruthCeilingSpearman:0.000} (the ceiling)"));
        }

        var topK = report.Seeds[0].TopK;
        output.WriteLine($"{"arm",-14} {"seed",4} {"tau-b",7} {"rho",7} {$"top-{topK}",7}  source");
        foreach (var s in report.Seeds)
        {
            output.WriteLine(string.Create(c, $"{s.Arm,-14} {s.Seed,4} {s.KendallTauB,7:0.000} {s.SpearmanRho,7:0.000} {s.TopKCommon,7}  {s.Source}"));
        }

        output.WriteLine($"{"arm",-14} {"seeds",5} {"tau-b mean +- sd",18} {"rho mean +- sd",18} {$"top-{topK} mean",11}");
        foreach (var a in report.Arms)
        {
            output.WriteLine(string.Create(c, $"{a.Arm,-14} {a.Seeds,5} {$"{a.KendallTauBMean:0.000} +- {a.KendallTauBStandardDeviation:0.000}",18} {$"{a.SpearmanRhoMean:0.000} +- {a.SpearmanRhoStandardDeviation:0.000}",18} {a.TopKCommonMean,11:0.0}"));
        }

        foreach (var d in report.Differences)
        {
            output.WriteLine(string.Create(c,
                $"{d.Arm} - {d.Baseline}: tau-b {d.KendallTauB:+0.000;-0.000} [95% {d.KendallTauBLow:+0.000;-0.000}, {d.KendallTauBHigh:+0.000;-0.000}], P(> 0) {d.ProbabilityTauBPositive:0.000}; rho {d.SpearmanRho:+0.000;-0.000} [{d.SpearmanRhoLow:+0.000;-0.000}, {d.SpearmanRhoHigh:+0.000;-0.000}] ({d.Resamples} paired resamples over architectures and seeds): the interval {(d.TauBIntervalExcludesZero ? "excludes" : "includes")} zero"));
        }

        foreach (var p in report.Picks)
        {
            output.WriteLine(string.Create(c, $"pick {p.Arm} #{p.Run}: {p.Truth:0.00}, rank {p.Rank} of {p.SampleSize + 1} (beats {p.Percentile:0}% of the sample)  {p.Genotype}"));
        }
    }

    private static RankingArm ParseArm(string text, string? scoreColumn)
    {
        var (name, paths) = NamedList(text, "--arm");
        return new RankingArm(name, [.. paths.Select(p => ScoringFile.Read(p, scoreColumn))]);
    }

    private static (string Arm, IReadOnlyList<string> Genotypes) ParsePicks(string text)
    {
        var (name, paths) = NamedList(text, "--pick");
        return (name, [.. paths.SelectMany(PickList.Read)]);
    }

    private static (string Name, string[] Paths) NamedList(string text, string option)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var paths = equals > 0 ? text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return equals > 0 && paths.Length > 0
            ? (text[..equals].Trim(), paths)
            : throw new ArgumentException($"{option} '{text}' is not NAME=PATH[,PATH...]");
    }

    // A nas groundtruth --out directory stands for the table in it.
    private static string TablePath(string path) =>
        Directory.Exists(path) && File.Exists(Path.Combine(path, GroundTruthTable.FileName)) ? Path.Combine(path, GroundTruthTable.FileName) : path;
}
