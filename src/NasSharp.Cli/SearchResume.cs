using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>nas search --resume NAME</c>: finds the run (a name in --out or a run directory), takes its saved options.json, and
/// refuses with one line per option that was given with a value other than the saved one (exit 2); then runs the search
/// again, replaying from the store what the interrupted run finished.
/// </summary>
internal static class SearchResume
{
    // Options a resumed run may change: where it prints and which store holds it.
    private static readonly HashSet<string> Free = ["out", "name", "json", "store", "resume", "threads"];

    // options.json keys whose option is not the key in kebab case.
    private static readonly Dictionary<string, string> OptionOfKey = new()
    {
        ["table_path"] = "--table",
        ["supernet_path"] = "--supernet",
        ["data_directory"] = "--data",
        ["learning_rate"] = "--strategy-lr",
    };

    public static int Run(ParseResult parseResult, SearchOptions given, string name, TextWriter output, TextWriter error)
    {
        var path = Locate(name, given.Out);
        var text = File.ReadAllText(Path.Combine(path, "options.json"));
        var (parent, leaf) = (Path.GetDirectoryName(path)!, Path.GetFileName(path));
        // A recurrent run's options hold its growth mode; a --method run's the method (in their "search" settings).
        var keys = OutputJson.SnakeKeys(JsonNode.Parse(text)) as JsonObject;
        if (keys != null && keys.ContainsKey("grow"))
        {
            return ResumeRecurrent(parseResult, given, text, path, output, error);
        }

        if (keys != null && (keys.ContainsKey("method") || (keys["search"] is JsonObject search && search.ContainsKey("method"))))
        {
            return ResumeDifferentiable(parseResult, given, text, path, output, error);
        }

        var saved = Read<SearchOptions>(text, path);
        var differing = Differences(saved, given, SearchCommand.GivenOptionNames(parseResult).ToHashSet(StringComparer.Ordinal));
        foreach (var (option, savedValue, givenValue) in differing)
        {
            error.WriteLine($"nas search: {option} {givenValue} differs from the saved {savedValue} of the run {path}; leave it out to resume");
        }

        if (differing.Count > 0)
        {
            return 2;
        }

        output.WriteLine($"resuming {path}");
        return SearchCommand.Dispatch(saved with { Json = given.Json, Store = given.Store, Out = parent, Name = leaf, Resume = leaf }, path, output);
    }

    // A --method run (DifferentiableSearchRun) resumes from its per-part checkpoints with its saved options.
    private static int ResumeDifferentiable(ParseResult parseResult, SearchOptions given, string text, string path, TextWriter output, TextWriter error)
    {
        if (RefuseChanges(parseResult, "--method", path, error))
        {
            return 2;
        }

        var saved = Read<DifferentiableRunOptions>(text, path);
        var (parent, leaf) = (Path.GetDirectoryName(path)!, Path.GetFileName(path));
        output.WriteLine($"resuming {path}");
        return DifferentiableSearchRun.Run(saved with { Out = parent, Name = leaf, Resume = leaf, Json = given.Json }, output);
    }

    // A recurrent run (RecurrentSearchRun) resumes from its search.safetensors with its saved options.
    private static int ResumeRecurrent(ParseResult parseResult, SearchOptions given, string text, string path, TextWriter output, TextWriter error)
    {
        if (RefuseChanges(parseResult, "recurrent", path, error))
        {
            return 2;
        }

        var (parent, leaf) = (Path.GetDirectoryName(path)!, Path.GetFileName(path));
        return RecurrentSearchRun.Run(Read<RecurrentRunOptions>(text, path).ToCliOptions(parent, leaf, leaf, given.Json), output);
    }

    // The saved options are the run's: one line (and true) for each option given with NAME that is not free to change.
    private static bool RefuseChanges(ParseResult parseResult, string kind, string path, TextWriter error)
    {
        var changed = SearchCommand.GivenOptionNames(parseResult).Where(o => !Free.Contains(o[2..])).ToList();
        foreach (var option in changed)
        {
            error.WriteLine($"nas search: {option} cannot change when resuming the {kind} run {path}; leave it out to resume");
        }

        return changed.Count > 0;
    }

    // The saved options as T; a file of another command (or a damaged one) is one line naming it, not a stack trace.
    private static T Read<T>(string text, string path)
    {
        try
        {
            return OutputJson.Deserialize<T>(text) ?? throw new JsonException("the file is empty");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"--resume {path}: its options.json is not the options of a nas search run (missing or invalid fields)", ex);
        }
    }

    /// <summary>The run directory <paramref name="name"/> means: a directory holding options.json, else a run of that name in <paramref name="root"/>.</summary>
    internal static string Locate(string name, string root)
    {
        foreach (var candidate in new[] { name, Path.Combine(root, name) })
        {
            if (File.Exists(Path.Combine(candidate, "options.json")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new ArgumentException($"--resume {name}: no run directory {name} or {Path.Combine(root, name)} with an options.json");
    }

    /// <summary>(option, saved, given) for every option given on the command line whose value differs from the saved one.</summary>
    internal static List<(string Option, string Saved, string Given)> Differences(SearchOptions saved, SearchOptions given, IReadOnlySet<string> givenOptions)
    {
        var found = new List<(string, string, string)>();
        Compare(JsonSerializer.SerializeToNode(saved, OutputJson.Options)!.AsObject(), JsonSerializer.SerializeToNode(given, OutputJson.Options)!.AsObject(), givenOptions, found);
        return found;
    }

    private static void Compare(JsonObject saved, JsonObject given, IReadOnlySet<string> givenOptions, List<(string, string, string)> found)
    {
        foreach (var key in saved.Select(p => p.Key).Union(given.Select(p => p.Key)))
        {
            var (a, b) = (saved[key], given[key]);
            if (a is JsonObject nestedSaved && b is JsonObject nestedGiven)
            {
                Compare(nestedSaved, nestedGiven, givenOptions, found);
                continue;
            }

            var option = OptionOfKey.GetValueOrDefault(key) ?? "--" + key.Replace('_', '-');
            if (!Free.Contains(option[2..]) && givenOptions.Contains(option) && !JsonNode.DeepEquals(a, b))
            {
                found.Add((option, a?.ToJsonString() ?? "(none)", b?.ToJsonString() ?? "(none)"));
            }
        }
    }
}
