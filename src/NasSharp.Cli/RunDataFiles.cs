using System.Text.Json;
using NasSharp.Data;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The data files a run read, kept in its directory as <c>data_files.json</c> (path, size, modification time), so a
/// file that changes during the run stops it with one line naming the file (issue 15, item 5): at every epoch
/// boundary (<see cref="CliTermination.SafePoint"/>) against the stamps taken when the files were read, and on resume
/// against the stamps the run recorded when it started. A resumed run that reads its data from another path (the data
/// moved) is not compared: only files at the same path are.
/// </summary>
internal static class RunDataFiles
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Records this invocation's data files in each tracked run that has no record yet, then verifies them.</summary>
    /// <exception cref="InvalidDataException">A data file changed since it was read.</exception>
    public static void CheckAtEpoch(RunTracker tracker)
    {
        if (DataFileWatch.Current is not { } watch || watch.Files.Count == 0)
        {
            return;
        }

        // Record first: the stamps are of the files as read, so they belong in the run even when the check then fails.
        foreach (var run in tracker.Runs)
        {
            if (run.Status == RunStatus.Running && !File.Exists(run.FilePath(RunDirectory.DataFilesFileName)))
            {
                Record(run.Path);
            }
        }

        watch.Verify();
    }

    /// <summary>Writes the stamps of the files read so far to <paramref name="directory"/>/data_files.json.</summary>
    public static void Record(string directory)
    {
        var files = DataFileWatch.Current?.Files ?? [];
        var path = Path.Combine(directory, RunDirectory.DataFilesFileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(files, Json) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Before resuming: throws when a file this invocation read, at the same path, differs from the stamp the run
    /// recorded in <paramref name="directory"/> (nothing to compare when it recorded none).
    /// </summary>
    /// <exception cref="InvalidDataException">A data file changed since the run recorded it.</exception>
    public static void VerifyRecorded(string directory)
    {
        var path = Path.Combine(directory, RunDirectory.DataFilesFileName);
        if (!File.Exists(path))
        {
            return;
        }

        List<DataFileStamp>? recorded;
        try
        {
            recorded = JsonSerializer.Deserialize<List<DataFileStamp>>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid data file record: {ex.Message}", ex);
        }

        var read = (DataFileWatch.Current?.Files ?? []).Select(f => f.Path).ToHashSet();
        DataFileWatch.Verify((recorded ?? []).Where(r => read.Contains(r.Path)));
    }
}
