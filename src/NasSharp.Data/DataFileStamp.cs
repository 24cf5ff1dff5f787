namespace NasSharp.Data;

/// <summary>
/// What a run remembers of a data file it read: its full path, size and last write time (UTC). Comparing stamps is a
/// stat, not a read, so it is cheap enough for every epoch; a file rewritten with the same size in the same tick goes
/// unnoticed, which a content hash would catch at the price of reading gigabytes per check.
/// </summary>
public sealed record DataFileStamp(string Path, long Size, DateTime ModifiedUtc)
{
    /// <summary>The stamp of <paramref name="path"/> now; a missing file has size -1.</summary>
    public static DataFileStamp Of(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var info = new FileInfo(full);
        return info.Exists ? new DataFileStamp(full, info.Length, info.LastWriteTimeUtc) : new DataFileStamp(full, -1, DateTime.MinValue);
    }

    /// <summary>How the file differs from this stamp now; null when it does not.</summary>
    public string? Change()
    {
        var now = Of(Path);
        if (now.Size < 0)
        {
            return $"data file {Path} was removed during the run";
        }

        if (now.Size != Size)
        {
            return $"data file {Path} changed during the run (size {Size} -> {now.Size} bytes); restore it or start a new run";
        }

        return now.ModifiedUtc != ModifiedUtc
            ? $"data file {Path} changed during the run (modified {ModifiedUtc:O} -> {now.ModifiedUtc:O}); restore it or start a new run"
            : null;
    }
}
