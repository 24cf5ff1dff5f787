using System.Globalization;
using System.Text.Json;

namespace NasSharp.Store;

/// <summary>
/// One experiment's directory: <c>&lt;root&gt;/&lt;name&gt;/</c>, holding the options it ran with (JSON), its
/// trials (CSV), its summary (JSON) and its lifecycle: <c>status.json</c> (running, complete, failed, interrupted,
/// with the process id, UTC timestamps and the reason of a failure) and the <see cref="RunDirectoryLock"/> held while
/// this process writes it. Knows nothing of what is searched: callers give plain values. JSON in the
/// output vocabulary (<see cref="OutputJson"/>: snake_case keys, enums by name), never a non-finite number.
/// </summary>
/// <remarks>
/// Creation is atomic without a check-then-create race: the directory is claimed by creating its
/// <c>status.json</c> with <see cref="FileMode.CreateNew"/> (O_EXCL), so of two processes asking for the same name
/// exactly one gets it. A run that ends failed or interrupted before producing anything (only options.json and
/// header-only CSVs) is removed, so failed starts leave no litter.
/// </remarks>
public sealed partial class RunDirectory : IDisposable
{
    /// <summary>The lifecycle file of every run directory.</summary>
    public const string StatusFileName = "status.json";

    /// <summary>The record of the data files a run read (written by the CLI), bookkeeping like the status.</summary>
    public const string DataFilesFileName = "data_files.json";

    private static readonly JsonSerializerOptions StatusJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private readonly Lock gate = new();
    private RunDirectoryLock? runLock;
    private StatusRecord record;

    private RunDirectory(string path, RunDirectoryLock runLock, StatusRecord record)
    {
        Path = path;
        this.runLock = runLock;
        this.record = record;
        RunTracker.Register(this);
    }

    /// <summary>Full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The status this process last recorded.</summary>
    public RunStatus Status => ParseStatus(record.Status) ?? RunStatus.Running;

    /// <summary>
    /// Creates <c>root/name</c>, or <c>root/yyyyMMdd-HHmmss</c> (UTC) when <paramref name="name"/> is null, and
    /// locks it with status running. An unnamed run, or a named one with <paramref name="suffixIfTaken"/>, takes the
    /// next free suffix <c>-2</c>, <c>-3</c>... when the name is taken; a named run otherwise fails, since a user who
    /// names a run means that directory.
    /// </summary>
    /// <exception cref="IOException">The name is taken, or <paramref name="root"/> cannot hold directories (the message names the path and why).</exception>
    public static RunDirectory Create(string root, string? name = null, DateTimeOffset? now = null, bool suffixIfTaken = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var stem = name ?? (now ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        if (stem.Length == 0 || stem.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || stem is "." or "..")
        {
            throw new ArgumentException($"RunDirectory: '{stem}' is not a valid run name.", nameof(name));
        }

        EnsureRoot(root);
        for (var n = 1; ; n++)
        {
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, n == 1 ? stem : $"{stem}-{n}"));
            if (TryClaim(path) is { } run)
            {
                return run;
            }

            if (name != null && !suffixIfTaken)
            {
                throw new IOException($"run directory {path} already exists; choose another name or remove it");
            }
        }
    }

    /// <summary>Opens an existing run directory to write it again (resume): takes its lock and records status running.</summary>
    /// <exception cref="IOException">Another process writes it: "directory D is in use by process P".</exception>
    public static RunDirectory Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"run directory {full} does not exist");
        }

        var runLock = RunDirectoryLock.Acquire(full);
        var started = ReadRecord(full)?.StartedUtc ?? DateTimeOffset.UtcNow;
        var record = new StatusRecord("running", Environment.ProcessId, started, DateTimeOffset.UtcNow, null, null);
        WriteAtomically(System.IO.Path.Combine(full, StatusFileName), JsonSerializer.Serialize(record, StatusJson) + "\n");
        return new RunDirectory(full, runLock, record);
    }

    /// <summary>The status recorded in <paramref name="directory"/>'s status.json; null when it has none.</summary>
    public static RunStatus? ReadStatus(string directory) => ReadRecord(directory) is { } r ? ParseStatus(r.Status) : null;

    /// <summary>The reason recorded with a failed or interrupted status; null otherwise.</summary>
    public static string? ReadReason(string directory) => ReadRecord(directory)?.Reason;

    /// <summary>Records that the run produced its results, and releases the lock.</summary>
    public void Complete() => Finish(RunStatus.Complete, null);

    /// <summary>Records the failure and its reason and releases the lock; a run that produced nothing is removed.</summary>
    public void Fail(string reason) => Finish(RunStatus.Failed, reason);

    /// <summary>Records an interruption from outside and releases the lock; a run that produced nothing is removed.</summary>
    public void Interrupt(string reason) => Finish(RunStatus.Interrupted, reason);

    /// <summary>A run disposed while still running is recorded as failed.</summary>
    public void Dispose() => Finish(RunStatus.Failed, "the run was closed before it finished");

    /// <summary>Records a final status once; later calls do nothing.</summary>
    public void Finish(RunStatus status, string? reason)
    {
        if (status == RunStatus.Running)
        {
            throw new ArgumentException("RunDirectory: Running is not a final status.", nameof(status));
        }

        lock (gate)
        {
            if (runLock == null)
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            record = record with { Status = Name(status), UpdatedUtc = now, FinishedUtc = now, Reason = reason };
            try
            {
                if (status != RunStatus.Complete && !HasResults(Path))
                {
                    runLock.Dispose();
                    Directory.Delete(Path, recursive: true);
                    return;
                }

                WriteAtomically(FilePath(StatusFileName), JsonSerializer.Serialize(record, StatusJson) + "\n");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Recording the end is best effort: the disk that failed the run may also refuse this write.
            }
            finally
            {
                runLock.Dispose();
                runLock = null;
            }
        }
    }
}
