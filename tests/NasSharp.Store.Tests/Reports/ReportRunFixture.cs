using System.Globalization;
using System.Text;

namespace NasSharp.Store.Tests.Reports;

/// <summary>A temporary directory of hand-written run directories in the layouts the CLI writes (both key styles).</summary>
internal sealed class ReportRunFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("nassharp-report-").FullName;

    /// <summary>A table search: options, summary (camelCase keys), trials of <paramref name="repeats"/> repeats, repeats.csv.</summary>
    public string Search(string name, int repeats = 2, int trials = 12, bool snakeCase = false, bool flops = false)
    {
        var run = Run(name);
        var key = snakeCase ? "best_genotype" : "bestGenotype";
        File.WriteAllText(Path.Combine(run, "summary.json"), $"{{\"strategy\": \"rea\", \"{key}\": \"|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|\", \"{(snakeCase ? "best_report" : "bestReport")}\": 93.5}}");
        File.WriteAllText(Path.Combine(run, "options.json"), "{\"searchMetric\": \"cifar10_valid_12ep\", \"budget\": 12, \"nested\": {\"a\": [1, 2]}}");
        var text = new StringBuilder("repeat,seed,trial,arch,search,report,best_search" + (flops ? ",flops,params" : string.Empty) + "\n");
        for (var r = 0; r < repeats; r++)
        {
            var best = 0.0;
            for (var t = 1; t <= trials; t++)
            {
                var score = 60 + ((t * 7 + r * 3) % 20);
                best = Math.Max(best, score);
                var cost = flops ? string.Create(CultureInfo.InvariantCulture, $",{10 + t},{1000 * t}") : string.Empty;
                text.Append(CultureInfo.InvariantCulture, $"{r},{r + 100},{t},\"|op~{t}|,quoted\",{score},{score + 10},{best}{cost}\n");
            }
        }

        File.WriteAllText(Path.Combine(run, "trials.csv"), text.ToString());
        File.WriteAllText(Path.Combine(run, "repeats.csv"), "repeat,seed,arch,search,report\n0,100,a,79,89\n");
        return run;
    }

    /// <summary>A differentiable search: epochs.csv and architecture.csv with weights between 0.19 and 0.21.</summary>
    public string Differentiable(string name)
    {
        var run = Run(name);
        File.WriteAllText(Path.Combine(run, "epochs.csv"), "part,epoch,child,train_loss,train_accuracy,valid_loss,valid_accuracy,lr,genotype\nsearch,1,0,2.3,0.1,2.31,0.09,0.02,g\nsearch,2,0,2.1,0.2,2.2,0.15,0.01,g\n");
        var architecture = new StringBuilder("part,epoch,edge,edge_nodes,op,alpha,probability\n");
        string[] ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];
        for (var epoch = 0; epoch <= 2; epoch++)
        {
            for (var edge = 0; edge < 6; edge++)
            {
                for (var o = 0; o < ops.Length; o++)
                {
                    architecture.Append(CultureInfo.InvariantCulture, $"search,{epoch},{edge},{edge + 1}<-0,{ops[o]},0,{0.19 + (0.005 * o * epoch / 2.0)}\n");
                }
            }
        }

        File.WriteAllText(Path.Combine(run, "architecture.csv"), architecture.ToString());
        return run;
    }

    public string Run(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
