using System.CommandLine;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary><c>nas runs list | show NAME | compare A B ... | export NAME --csv|--json</c>: the runs in the experiment store.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "List, show, compare and export the runs (studies) in the experiment store.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Compare());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command List()
    {
        var store = StoreCliOptions.Store();
        var command = new Command("list", "One line per run: status, trials, best result, compute.") { store };
        command.SetAction(r => WithStore(r, "runs list", store, (opened, writer) =>
        {
            var summaries = opened.ListStudies().Select(s => RunSummary.Of(s, opened.Trials(s.Id))).ToList();
            if (summaries.Count == 0)
            {
                writer.WriteLine($"no runs in {opened.Description} yet: `nas groundtruth ... ` records one");
                return 0;
            }

            RunsTables.Summaries(writer, summaries);
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var store = StoreCliOptions.Store();
        var name = new Argument<string>("name") { Description = "The run (study) name." };
        var command = new Command("show", "A run's options, summary and trials.") { store, name };
        command.SetAction(r => WithStore(r, "runs show", store, (opened, writer) =>
        {
            var study = Find(opened, r.GetValue(name)!);
            RunsTables.Detail(writer, RunSummary.Of(study, opened.Trials(study.Id)), opened.Trials(study.Id));
            return 0;
        }));
        return command;
    }

    private static Command Compare()
    {
        var store = StoreCliOptions.Store();
        var names = new Argument<string[]>("names") { Description = "Two or more run names.", Arity = new ArgumentArity(2, 100) };
        var command = new Command("compare", "Runs side by side: status, trials, objective, best genotype and its metrics, compute.") { store, names };
        command.SetAction(r => WithStore(r, "runs compare", store, (opened, writer) =>
        {
            var summaries = r.GetValue(names)!.Select(n => Find(opened, n)).Select(s => RunSummary.Of(s, opened.Trials(s.Id))).ToList();
            RunsTables.Comparison(writer, summaries);
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var store = StoreCliOptions.Store();
        var name = new Argument<string>("name") { Description = "The run (study) name." };
        var csv = new Option<bool>("--csv") { Description = "Every trial as a CSV row (metrics as columns), on standard output." };
        var json = new Option<bool>("--json") { Description = "The study, its summary and every trial as JSON, on standard output." };
        var command = new Command("export", "Write a run's trials as CSV or JSON to standard output.") { store, name, csv, json };
        command.SetAction(r => WithStore(r, "runs export", store, (opened, writer) =>
        {
            if (r.GetValue(csv) == r.GetValue(json))
            {
                throw new ArgumentException("give exactly one of --csv and --json");
            }

            var study = Find(opened, r.GetValue(name)!);
            var trials = opened.Trials(study.Id);
            if (r.GetValue(csv))
            {
                RunsExport.Csv(writer, trials);
            }
            else
            {
                RunsExport.Json(writer, RunSummary.Of(study, trials), trials);
            }

            return 0;
        }));
        return command;
    }

    private static StudyRecord Find(IExperimentStore store, string name) =>
        store.FindStudy(name) ?? throw new ArgumentException($"no run '{name}' in {store.Description}; `nas runs list` shows the runs");

    private static int WithStore(ParseResult r, string verb, Option<string?> store, Func<IExperimentStore, TextWriter, int> body) =>
        SupernetCliOptions.Guard(r, verb, writer =>
        {
            using var opened = StoreCliOptions.Open(r.GetValue(store));
            return body(opened, writer);
        });
}
