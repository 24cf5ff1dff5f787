using System.Text.Json;

namespace NasSharp.Store.Reports;

/// <summary>
/// What the report found in one run directory: its JSON documents flattened, its CSV tables, the training histories
/// of any supernet under it (<c>state.json</c> files), and notes on what it skipped. Reading never throws for a file's
/// content: a file that cannot be read becomes a note, so one damaged file does not cost the whole report.
/// </summary>
internal sealed class RunFolder
{
    /// <summary>Files the report draws or tabulates.</summary>
    public static readonly string[] JsonFiles = ["summary.json", "model.json", "options.json"];

    public static readonly string[] CsvFiles = ["repeats.csv", "trials.csv", "metrics.csv", "epochs.csv", "architecture.csv"];

    // Known files that the report deliberately leaves out (weights, duplicates of a CSV, the run's own plots, and the
    // run directory's bookkeeping: its lock, owner, status and data-file stamps).
    private static readonly string[] Ignored = ["architecture.json", "weights.safetensors", "checkpoint.safetensors", "state.json", "supernet.json",
        RunDirectory.StatusFileName, RunDirectoryLock.OwnerFileName, RunDirectoryLock.LockFileName, "data_files.json"];

    private const int MaxSupernetDepth = 4;

    private RunFolder(string path)
    {
        Path = path;
        Name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path)));
    }

    public string Path { get; }

    public string Name { get; }

    public Dictionary<string, List<KeyValuePair<string, string>>> Documents { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ReportTable> Tables { get; } = new(StringComparer.Ordinal);

    /// <summary>Supernet training histories by node (its path under the run): epoch, loss, accuracy.</summary>
    public List<(string Node, List<(double Epoch, double Loss, double Accuracy)> History)> Supernets { get; } = [];

    public List<string> Notes { get; } = [];

    public List<KeyValuePair<string, string>>? Summary => Documents.GetValueOrDefault("summary.json") ?? Documents.GetValueOrDefault("model.json");

    public ReportTable? Table(string file) => Tables.GetValueOrDefault(file);

    /// <summary>Reads what the report knows in <paramref name="path"/>; a missing directory is an <see cref="ArgumentException"/>.</summary>
    public static RunFolder Load(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new ArgumentException($"'{path}' is not a run directory (it does not exist)");
        }

        var folder = new RunFolder(path);
        foreach (var file in JsonFiles)
        {
            folder.TryRead(file, f => folder.Documents[file] = ReportJson.Read(f));
        }

        foreach (var file in CsvFiles)
        {
            folder.TryRead(file, f => folder.Tables[file] = ReportTable.Read(f));
        }

        folder.ReadSupernets(path, string.Empty, 0);
        folder.NoteUnknownFiles();
        if (folder.Documents.Count == 0 && folder.Tables.Count == 0 && folder.Supernets.Count == 0)
        {
            folder.Notes.Add("Nothing here that the report knows how to show (no summary.json, options.json, trials.csv, metrics.csv, epochs.csv, architecture.csv or supernet state).");
        }
        else if (!folder.Documents.ContainsKey("summary.json"))
        {
            folder.Notes.Add("No summary.json: the run may still be running or may have stopped early.");
        }

        return folder;
    }

    private void TryRead(string file, Action<string> read)
    {
        var full = System.IO.Path.Combine(Path, file);
        if (!File.Exists(full))
        {
            return;
        }

        try
        {
            read(full);
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidDataException or UnauthorizedAccessException or CsvHelper.CsvFormatException)
        {
            Notes.Add($"Skipped {file}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    private void ReadSupernets(string directory, string node, int depth)
    {
        var state = System.IO.Path.Combine(directory, "state.json");
        if (File.Exists(state))
        {
            TryRead(System.IO.Path.GetRelativePath(Path, state), f =>
            {
                if (SupernetHistory(f) is { Count: > 0 } history)
                {
                    Supernets.Add((node.Length == 0 ? "supernet" : node, ContinueParent(node, history)));
                }
            });
        }

        if (depth >= MaxSupernetDepth)
        {
            return;
        }

        foreach (var child in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(child);
            ReadSupernets(child, node.Length == 0 ? name : $"{node}/{name}", depth + 1);
        }
    }

    /// <summary>
    /// A sub-supernet starts from its parent's weights (few-shot transfer, Zhao et al. 2021), so its epochs are drawn
    /// after the parent's last one. In a supernet directory the parent of <c>X/splits/K-E-OP</c> is <c>X/oneshot</c> at the
    /// top, else <c>X</c> itself.
    /// </summary>
    private List<(double Epoch, double Loss, double Accuracy)> ContinueParent(string node, List<(double Epoch, double Loss, double Accuracy)> history)
    {
        var split = node.LastIndexOf("/splits/", StringComparison.Ordinal);
        var above = split >= 0 ? node[..split] : node.StartsWith("splits/", StringComparison.Ordinal) ? string.Empty : null;
        if (above == null)
        {
            return history;
        }

        var candidates = new[] { above.Length == 0 ? "oneshot" : above + "/oneshot", above };
        var parent = Supernets.FirstOrDefault(s => candidates.Contains(s.Node));
        if (parent.History is not { Count: > 0 } parentHistory)
        {
            return history;
        }

        var offset = parentHistory[^1].Epoch;
        return [.. history.Select(h => (h.Epoch + offset, h.Loss, h.Accuracy))];
    }

    /// <summary>The <c>history</c> array of a supernet's state.json (epoch, loss, accuracy), keys in either naming style.</summary>
    private static List<(double Epoch, double Loss, double Accuracy)>? SupernetHistory(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var history = document.RootElement.EnumerateObject().FirstOrDefault(p => ReportKeys.Same(p.Name, "history")).Value;
        if (history.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. history.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => (Field(e, "epoch"), Field(e, "loss"), Field(e, "accuracy")))];
    }

    private static double Field(JsonElement item, string name)
    {
        foreach (var p in item.EnumerateObject())
        {
            if (ReportKeys.Same(p.Name, name) && p.Value.ValueKind == JsonValueKind.Number)
            {
                return p.Value.GetDouble();
            }
        }

        return double.NaN;
    }

    private void NoteUnknownFiles()
    {
        var unknown = Directory.EnumerateFiles(Path)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Where(f => !JsonFiles.Contains(f) && !CsvFiles.Contains(f) && !Ignored.Contains(f) && !f.EndsWith(".svg", StringComparison.Ordinal) && !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            Notes.Add($"Not shown (unknown to the report): {string.Join(", ", unknown)}.");
        }
    }
}
