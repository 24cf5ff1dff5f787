using System.Globalization;

namespace NasSharp.Store;

/// <summary>
/// An exclusive, advisory lock on a directory, held while one process writes it: <c>run.lock</c> opened with
/// <see cref="FileShare.None"/>, which .NET maps to <c>flock(LOCK_EX | LOCK_NB)</c> on Unix and to a sharing mode
/// on Windows. The operating system drops the lock when the process dies, so a killed writer never leaves a stale
/// lock. The holder's process id goes to <c>run.pid</c> (a locked file cannot be read by another process on Unix),
/// which names it in the error a second writer gets. Neither file is deleted on release: deleting a lock file lets
/// two processes lock two different files of the same name.
/// </summary>
public sealed class RunDirectoryLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string LockFileName = "run.lock";

    /// <summary>The file naming the holding process.</summary>
    public const string OwnerFileName = "run.pid";

    private readonly FileStream stream;

    private RunDirectoryLock(string directory, FileStream stream)
    {
        Directory = directory;
        this.stream = stream;
    }

    /// <summary>The locked directory.</summary>
    public string Directory { get; }

    /// <summary>Takes the lock of <paramref name="directory"/> (which must exist).</summary>
    /// <exception cref="IOException">Another process (or another holder in this one) has it: "directory D is in use by process P".</exception>
    public static RunDirectoryLock Acquire(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var lockPath = Path.Combine(directory, LockFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new IOException($"directory {directory} is in use by process {Owner(directory)}");
        }

        File.WriteAllText(Path.Combine(directory, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        return new RunDirectoryLock(directory, stream);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => stream.Dispose();

    private static string Owner(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, OwnerFileName)).Trim();
        }
        catch (IOException)
        {
            return "(unknown)";
        }
    }
}
