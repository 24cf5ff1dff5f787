using System.Text.Json;

namespace NasSharp.Store;

/// <summary>The files of a run directory: JSON and CSV writers, and the status file's reading and writing.</summary>
public sealed partial class RunDirectory
{
    /// <summary>
    /// Writes <paramref name="value"/> as indented JSON to <paramref name="fileName"/> in the run directory, atomically
    /// (a temporary file renamed over it).
    /// </summary>
    /// <exception cref="InvalidDataException">The value holds a NaN or infinite number, which JSON cannot represent.</exception>
    public string WriteJson<T>(string fileName, T value)
    {
        var file = FilePath(fileName);
        string text;
        try
        {
            text = OutputJson.Serialize(value);
        }
        catch (ArgumentException ex)
        {
            // System.Text.Json refuses NaN and infinities; say which file and why instead of its generic message.
            throw new InvalidDataException($"refusing to write {file}: it would hold a value that is not a finite number (NaN or infinity)", ex);
        }

        WriteAtomically(file, text + "\n");
        return file;
    }

    /// <summary>Reads back a JSON file written by <see cref="WriteJson{T}"/> (or by an older version, with camelCase keys).</summary>
    public T? ReadJson<T>(string fileName) => OutputJson.Deserialize<T>(File.ReadAllText(FilePath(fileName)));

    /// <summary>Opens a new CSV file with the given header; dispose it to flush.</summary>
    public CsvTableWriter CreateCsv(string fileName, IReadOnlyList<string> columns) => new(FilePath(fileName), columns);

    /// <summary>The path of <paramref name="fileName"/> inside the run; names with directories are refused.</summary>
    public string FilePath(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (System.IO.Path.GetFileName(fileName) != fileName)
        {
            throw new ArgumentException($"RunDirectory: '{fileName}' must be a plain file name.", nameof(fileName));
        }

        return System.IO.Path.Combine(Path, fileName);
    }

    private static void EnsureRoot(string root)
    {
        if (File.Exists(root))
        {
            throw new IOException($"cannot create run directories under {root}: it is a file, not a directory");
        }

        try
        {
            Directory.CreateDirectory(root);
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"cannot create run directories under {root}: permission denied");
        }
        catch (IOException ex)
        {
            throw new IOException($"cannot create run directories under {root}: {ex.Message}", ex);
        }
    }

    /// <summary>Claims <paramref name="path"/> by creating its status file exclusively; null when another run has it.</summary>
    private static RunDirectory? TryClaim(string path)
    {
        var statusPath = System.IO.Path.Combine(path, StatusFileName);
        try
        {
            if (File.Exists(path))
            {
                return null;
            }

            Directory.CreateDirectory(path);
            var record = new StatusRecord("running", Environment.ProcessId, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null);
            using (var claim = new FileStream(statusPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(claim, record, StatusJson);
            }

            // A directory something else made (an older NasSharp, the user) is not ours to write into.
            if (Directory.EnumerateFileSystemEntries(path).Any(e => System.IO.Path.GetFileName(e) != StatusFileName))
            {
                File.Delete(statusPath);
                return null;
            }

            return new RunDirectory(path, RunDirectoryLock.Acquire(path), record);
        }
        catch (IOException) when (File.Exists(statusPath) || File.Exists(path))
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"cannot create run directory {path}: permission denied");
        }
        catch (IOException ex)
        {
            // A read-only or full file system: name the directory and keep the system's reason.
            throw new IOException($"cannot create run directory {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Whether the run left anything beyond its lifecycle files, options.json and header-only CSVs.</summary>
    private static bool HasResults(string path)
    {
        string[] bookkeeping = [StatusFileName, RunDirectoryLock.LockFileName, RunDirectoryLock.OwnerFileName, DataFilesFileName, "options.json"];
        foreach (var entry in Directory.EnumerateFileSystemEntries(path))
        {
            var name = System.IO.Path.GetFileName(entry);
            var isHeaderOnlyCsv = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && File.Exists(entry)
                && File.ReadLines(entry).Count(l => l.Length > 0) <= 1;
            if (!bookkeeping.Contains(name) && !isHeaderOnlyCsv)
            {
                return true;
            }
        }

        return false;
    }

    private static StatusRecord? ReadRecord(string directory)
    {
        var path = System.IO.Path.Combine(directory, StatusFileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<StatusRecord>(File.ReadAllText(path), StatusJson) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Name(RunStatus status) => status.ToString().ToLowerInvariant();

    private static RunStatus? ParseStatus(string name) => Enum.TryParse<RunStatus>(name, ignoreCase: true, out var s) ? s : null;

    /// <summary>The content of status.json.</summary>
    private sealed record StatusRecord(string Status, int Pid, DateTimeOffset StartedUtc, DateTimeOffset UpdatedUtc, DateTimeOffset? FinishedUtc, string? Reason);
}
