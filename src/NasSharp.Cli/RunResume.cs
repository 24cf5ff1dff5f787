using System.Text.Json;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// <c>--resume NAME</c>: reopens <c>OUT/NAME</c> (its lock, status running again) after checking that the options
/// given now are the ones the run was started with, since continuing with other settings would not reproduce the run
/// it came from. The saved <c>options.json</c> is read back through the run directory's own reader, so the check
/// does not depend on how that file spells its keys; both sides are then compared field by field.
/// </summary>
internal static class RunResume
{
    // What names the run, or cannot change its result, rather than what it computes (keys as Key() spells them).
    private static readonly HashSet<string> Ignored = ["out", "name", "resume", "json", "threads", "store"];

    private static readonly JsonSerializerOptions CamelCase = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The run directory of <c>--resume NAME</c>: <c>OUT/NAME</c>; <paramref name="name"/> must not also differ.</summary>
    public static string PathOf(string root, string resume, string? name)
    {
        if (name != null && name != resume)
        {
            throw new ArgumentException($"--resume {resume} continues the run named {resume}; drop --name {name} or make them equal");
        }

        return Path.Combine(root, resume);
    }

    /// <summary>
    /// Opens the run in <paramref name="path"/> for writing when its options.json equals <paramref name="current"/>;
    /// otherwise throws <see cref="ResumeMismatchException"/> with one line per differing option (named as on the
    /// command line through <paramref name="optionNames"/>, keyed by the field path, e.g. <c>Run.OneShotEpochs</c>).
    /// </summary>
    public static RunDirectory Open<T>(string path, T current, IReadOnlyDictionary<string, string> optionNames) =>
        Open(path, run => Differences(JsonSerializer.SerializeToElement(run.ReadJson<T>("options.json")), JsonSerializer.SerializeToElement(current), optionNames));

    /// <summary>
    /// As <see cref="Open{T}"/> for a run whose options.json is a record written from <paramref name="record"/>'s type
    /// (an anonymous one): the saved file is compared as JSON, keys matched whatever their case or underscores.
    /// </summary>
    public static RunDirectory OpenRecord(string path, object record, IReadOnlyDictionary<string, string> optionNames) =>
        Open(path, run => Differences(run.ReadJson<JsonElement>("options.json"), JsonSerializer.SerializeToElement(record, CamelCase), optionNames));

    /// <summary>
    /// The run directory of a <c>nas train</c> run: a new one (OUT/NAME) with <paramref name="record"/> written as its
    /// options.json, or with <c>--resume NAME</c> the killed one, whose options must equal <paramref name="record"/>.
    /// </summary>
    public static RunDirectory CreateOrResume(TrainOptions options, object record, IReadOnlyDictionary<string, string> optionNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Resume is { } name)
        {
            return OpenRecord(PathOf(options.Out, name, options.Name), record, optionNames);
        }

        var run = RunDirectory.Create(options.Out, options.Name);
        run.WriteJson("options.json", record);
        return run;
    }

    private static RunDirectory Open(string path, Func<RunDirectory, List<string>> differences)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(Path.Combine(full, "options.json")))
        {
            throw new DirectoryNotFoundException($"--resume: {full} is not a run directory (no options.json); start the run without --resume");
        }

        var run = RunDirectory.Open(full);
        var lines = differences(run);
        if (lines.Count > 0)
        {
            // Leave the run as it was: interrupted, resumable with the right options.
            run.Interrupt("resume refused: options differ");
            throw new ResumeMismatchException(lines);
        }

        return run;
    }

    /// <summary>One line per option whose value differs between <paramref name="saved"/> and <paramref name="current"/>.</summary>
    public static List<string> Differences(JsonElement saved, JsonElement current, IReadOnlyDictionary<string, string> optionNames)
    {
        var before = Leaves(saved);
        var now = Leaves(current);
        var names = optionNames.ToDictionary(kv => Key(kv.Key), kv => kv.Value);
        var lines = new List<string>();
        var named = new HashSet<string>();
        foreach (var (key, path) in before.Keys.Union(now.Keys, new KeyOnly()).Where(k => !Ignored.Contains(k.Key)))
        {
            var (was, asked) = (before.GetValueOrDefault((key, path), "null"), now.GetValueOrDefault((key, path), "null"));
            var option = OptionOf(names, key) ?? "--" + JsonNamingPolicy.KebabCaseLower.ConvertName(path[(path.LastIndexOf('.') + 1)..]);
            if (was != asked && named.Add(option))
            {
                lines.Add($"{option} {asked} differs from the run's {was}: resume with the options the run was started with");
            }
        }

        return lines;
    }

    // The option of a field, or of the nearest enclosing field the table names (normalization.mean -> normalization's).
    private static string? OptionOf(Dictionary<string, string> names, string key)
    {
        for (var k = key; k.Length > 0; k = k.Contains('.', StringComparison.Ordinal) ? k[..k.LastIndexOf('.')] : string.Empty)
        {
            if (names.TryGetValue(k, out var option))
            {
                return option;
            }
        }

        return null;
    }

    // A field path compared whatever the file's key spelling: "Run.OneShotEpochs", "run.oneShotEpochs" and "run.one_shot_epochs" are one key.
    private static string Key(string path) => path.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    // Leaves by (normalised key, path as first seen); the path names the option when the table does not.
    private static Dictionary<(string Key, string Path), string> Leaves(JsonElement root)
    {
        var leaves = new Dictionary<(string Key, string Path), string>(new KeyOnly());
        void Walk(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value, path.Length == 0 ? p.Name : path + "." + p.Name);
                }
            }
            else
            {
                // Compact text, so an indented file and a fresh serialisation compare equal.
                leaves[(Key(path), path)] = e.ValueKind == JsonValueKind.String ? e.GetString()! : JsonSerializer.Serialize(e);
            }
        }

        Walk(root, string.Empty);
        return leaves;
    }

    private sealed class KeyOnly : IEqualityComparer<(string Key, string Path)>
    {
        public bool Equals((string Key, string Path) x, (string Key, string Path) y) => x.Key == y.Key;

        public int GetHashCode((string Key, string Path) obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
