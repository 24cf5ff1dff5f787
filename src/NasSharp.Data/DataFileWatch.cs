namespace NasSharp.Data;

/// <summary>
/// The data files one logical flow (one <c>nas</c> invocation) has read, stamped when first opened, so a run can
/// notice a file that changes under it (issue 15, item 5): the data a run trains on is read once, and a checkpoint
/// resumed against other data would silently mix two datasets. Every reader of this library opens its files through
/// one place, which reports them here. Scoped by <see cref="AsyncLocal{T}"/>, like the store's run tracker, so
/// concurrent flows in one process do not see each other's files.
/// </summary>
public sealed class DataFileWatch : IDisposable
{
    private static readonly AsyncLocal<DataFileWatch?> CurrentWatch = new();

    private readonly DataFileWatch? parent;
    private readonly List<DataFileStamp> files = [];
    private readonly Lock gate = new();

    private DataFileWatch(DataFileWatch? parent) => this.parent = parent;

    /// <summary>The watch of the current flow; null outside any.</summary>
    public static DataFileWatch? Current => CurrentWatch.Value;

    /// <summary>The files read so far, each stamped when it was first opened.</summary>
    public IReadOnlyList<DataFileStamp> Files
    {
        get
        {
            lock (gate)
            {
                return [.. files];
            }
        }
    }

    /// <summary>Starts watching the files the current flow opens; dispose to stop.</summary>
    public static DataFileWatch Begin()
    {
        var watch = new DataFileWatch(CurrentWatch.Value);
        CurrentWatch.Value = watch;
        return watch;
    }

    /// <summary>Throws naming the first file that differs from its stamp in <paramref name="stamps"/>.</summary>
    /// <exception cref="InvalidDataException">A file changed or was removed; the message names it and how.</exception>
    public static void Verify(IEnumerable<DataFileStamp> stamps)
    {
        ArgumentNullException.ThrowIfNull(stamps);
        foreach (var stamp in stamps)
        {
            if (stamp.Change() is { } change)
            {
                throw new InvalidDataException(change);
            }
        }
    }

    /// <summary>Throws naming the first file read in this flow that has changed since.</summary>
    /// <exception cref="InvalidDataException">A file changed or was removed.</exception>
    public void Verify() => Verify(Files);

    public void Dispose()
    {
        if (CurrentWatch.Value == this)
        {
            CurrentWatch.Value = parent;
        }
    }

    /// <summary>Called by the one place that opens data files (before reading, so the stamp is of what is read).</summary>
    internal static void Opened(string path)
    {
        if (CurrentWatch.Value is not { } watch)
        {
            return;
        }

        var stamp = DataFileStamp.Of(path);
        lock (watch.gate)
        {
            if (!watch.files.Exists(f => f.Path == stamp.Path))
            {
                watch.files.Add(stamp);
            }
        }
    }
}
